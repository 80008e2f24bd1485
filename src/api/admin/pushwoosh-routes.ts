// The operator's Pushwoosh applications of an account, and their presets. An application's auth
// token is shown once, when it is created; deleting the application revokes it.
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../server-context.js'
import {
  createApplication,
  createPreset,
  deleteApplication,
  deletePreset,
  listApplications,
  listPresets,
} from '../../services/pushwoosh/applications.js'
import {
  ApplicationCodeParam,
  CreateApplicationBody,
  CreatePresetBody,
  CreatedApplication,
  PushwooshApplication,
  PushwooshPreset,
} from '../../services/pushwoosh/pushwoosh.schemas.js'
import { errorResponses } from '../lox24/responses.js'

const Id = Type.String({ pattern: '^[1-9][0-9]{0,9}$' })
const AccountParam = Type.Object({ id: Id })
const ApplicationParams = Type.Object({ id: Id, code: ApplicationCodeParam })
const PresetParams = Type.Object({
  id: Id,
  code: ApplicationCodeParam,
  preset: ApplicationCodeParam,
})
type AccountParam = Static<typeof AccountParam>
type ApplicationParams = Static<typeof ApplicationParams>
type PresetParams = Static<typeof PresetParams>

export async function adminPushwooshRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
): Promise<void> {
  const tags = ['Operator']
  const errors = errorResponses(400, 401, 403, 404, 422)
  const base = '/admin/accounts/:id/applications'

  app.get<{ Params: AccountParam }>(
    base,
    {
      schema: {
        tags,
        summary: "List an account's Pushwoosh applications",
        params: AccountParam,
        response: {
          200: Type.Object({ applications: Type.Array(PushwooshApplication) }),
          ...errors,
        },
      },
    },
    async (req) => ({ applications: await listApplications(ctx.deps, Number(req.params.id)) }),
  )

  app.post<{ Params: AccountParam; Body: CreateApplicationBody }>(
    base,
    {
      schema: {
        tags,
        summary: 'Create a Pushwoosh application',
        description:
          'The answer holds `code` (Pushwoosh `application`) and `auth` (its API access token); ' +
          'the token is shown this once.',
        params: AccountParam,
        body: CreateApplicationBody,
        response: { 201: CreatedApplication, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createApplication(ctx.deps, Number(req.params.id), req.body)),
  )

  app.delete<{ Params: ApplicationParams }>(
    `${base}/:code`,
    {
      schema: {
        tags,
        summary: 'Delete a Pushwoosh application',
        description: 'Its presets, its registered numbers and its auth token go with it.',
        params: ApplicationParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...errors },
      },
    },
    async (req, reply) => {
      await deleteApplication(ctx.deps, Number(req.params.id), req.params.code)
      ctx.keyCache.clear()
      return reply.status(204).send()
    },
  )

  app.get<{ Params: ApplicationParams }>(
    `${base}/:code/presets`,
    {
      schema: {
        tags,
        summary: "List a Pushwoosh application's presets",
        params: ApplicationParams,
        response: { 200: Type.Object({ presets: Type.Array(PushwooshPreset) }), ...errors },
      },
    },
    async (req) => ({
      presets: await listPresets(ctx.deps, Number(req.params.id), req.params.code),
    }),
  )

  app.post<{ Params: ApplicationParams; Body: CreatePresetBody }>(
    `${base}/:code/presets`,
    {
      schema: {
        tags,
        summary: 'Create a preset (SMS template) of a Pushwoosh application',
        description: 'createSMSMessage names it by its `code` in `preset`.',
        params: ApplicationParams,
        body: CreatePresetBody,
        response: { 201: PushwooshPreset, ...errors },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createPreset(ctx.deps, Number(req.params.id), req.params.code, req.body)),
  )

  app.delete<{ Params: PresetParams }>(
    `${base}/:code/presets/:preset`,
    {
      schema: {
        tags,
        summary: 'Delete a preset of a Pushwoosh application',
        params: PresetParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...errors },
      },
    },
    async (req, reply) => {
      const { id, code, preset } = req.params
      await deletePreset(ctx.deps, Number(id), code, preset)
      return reply.status(204).send()
    },
  )
}
