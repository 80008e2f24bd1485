import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../server-context.js'
import { accountJson } from '../../services/accounts/account-model.js'
import {
  CreateAccountBody,
  PriceListBody,
  TopUpBody,
  UpdateAccountBody,
} from '../../services/accounts/account.schemas.js'
import {
  createAccount,
  getAccount,
  listAccounts,
  topUp,
  updateAccount,
} from '../../services/accounts/manage-accounts.js'
import {
  ISSUABLE_KEY_TYPES,
  SEVEN_ENDPOINTS,
  type ApiKey,
} from '../../services/keys/api-key-model.js'
import {
  createApiKey,
  deleteApiKey,
  listApiKeys,
  updateApiKey,
} from '../../services/keys/manage-keys.js'
import {
  DEFAULT_PRICE_LIST,
  getPriceList,
  setPriceList,
} from '../../services/pricing/price-lists.js'
import { errorResponses } from '../lox24/responses.js'

const IdParam = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }) })
type IdParam = Static<typeof IdParam>

/** A key's rights on the seven.io API: set when it is created, changed by PATCH. */
const SevenKeyFields = {
  endpoints: Type.Optional(
    Type.Union(
      [
        Type.Array(Type.Union(SEVEN_ENDPOINTS.map((e) => Type.Literal(e))), { maxItems: 20 }),
        Type.Null(),
      ],
      {
        description: 'seven.io API: the endpoints (`/api/{endpoint}`) the key may call; null = all',
      },
    ),
  ),
  signing_secret: Type.Optional(
    Type.Union(
      [
        Type.String({
          minLength: 16,
          maxLength: 128,
          pattern: '^[\\x21-\\x7e]+$',
          examples: ['a-long-random-signing-secret'],
        }),
        Type.Null(),
      ],
      {
        description:
          'seven.io API: requests with this key must be signed with this secret (X-Signature, ' +
          'as @seven.io/client does with `signingSecret`); null = unsigned',
      },
    ),
  ),
}

const CreateKeyBody = Type.Object({
  name: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, format: 'label', examples: ['Online shop'] }),
  ),
  type: Type.Optional(Type.Union(ISSUABLE_KEY_TYPES.map((t) => Type.Literal(t)))),
  ip_allowlist: Type.Optional(
    Type.Union(
      [Type.Array(Type.String({ examples: ['203.0.113.0/24'] }), { maxItems: 100 }), Type.Null()],
      { description: 'Addresses or CIDR ranges the key may be used from; null = anywhere' },
    ),
  ),
  ...SevenKeyFields,
})
type CreateKeyBody = Static<typeof CreateKeyBody>

/** Emptying the default price list stops every send: the operator says so explicitly. */
const ConfirmQuery = Type.Object({ confirm: Type.Optional(Type.Literal('empty')) })
type ConfirmQuery = Static<typeof ConfirmQuery>

const UpdateKeyBody = Type.Object(
  { is_active: Type.Optional(Type.Boolean()), ...SevenKeyFields },
  { minProperties: 1 },
)
type UpdateKeyBody = Static<typeof UpdateKeyBody>

/** The operator API: accounts, keys, balances and price lists. Plain JSON, bearer token. */
export async function adminRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const tags = ['Operator']
  const errors = errorResponses(400, 401, 403, 404, 409, 422)
  const id = (p: IdParam) => Number(p.id)

  app.get('/admin/accounts', { schema: { tags, summary: 'List accounts' } }, async () => ({
    accounts: (await listAccounts(ctx.deps)).map(accountJson),
  }))

  app.post<{ Body: CreateAccountBody }>(
    '/admin/accounts',
    { schema: { tags, summary: 'Create an account', body: CreateAccountBody, response: errors } },
    async (req, reply) =>
      reply.status(201).send(accountJson(await createAccount(ctx.deps, req.body))),
  )

  app.get<{ Params: IdParam }>(
    '/admin/accounts/:id',
    { schema: { tags, summary: 'Get an account', params: IdParam, response: errors } },
    async (req) => accountJson(await getAccount(ctx.deps, id(req.params))),
  )

  app.patch<{ Params: IdParam; Body: UpdateAccountBody }>(
    '/admin/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Change an account',
        params: IdParam,
        body: UpdateAccountBody,
        response: errors,
      },
    },
    async (req) => {
      const account = await updateAccount(ctx.deps, id(req.params), req.body)
      ctx.keyCache.clear()
      return accountJson(account)
    },
  )

  app.post<{ Params: IdParam; Body: TopUpBody }>(
    '/admin/accounts/:id/topups',
    {
      schema: {
        tags,
        summary: 'Add to (or, negative, take from) the balance',
        params: IdParam,
        body: TopUpBody,
        response: errors,
      },
    },
    async (req) => accountJson(await topUp(ctx.deps, id(req.params), req.body.amount)),
  )

  app.get<{ Params: IdParam }>(
    '/admin/accounts/:id/keys',
    { schema: { tags, summary: "List an account's API keys", params: IdParam, response: errors } },
    async (req) => ({ keys: (await listApiKeys(ctx.deps, id(req.params))).map(keyJson) }),
  )

  app.post<{ Params: IdParam; Body: CreateKeyBody }>(
    '/admin/accounts/:id/keys',
    {
      schema: {
        tags,
        summary: 'Create an API key',
        description: 'The answer holds the token and `auth_header`; they are shown this once.',
        params: IdParam,
        body: CreateKeyBody,
        response: errors,
      },
    },
    async (req, reply) => {
      const accountId = id(req.params)
      const { key, token } = await createApiKey(ctx.deps, {
        accountId,
        ...(req.body.name === undefined ? {} : { name: req.body.name }),
        ...(req.body.type === undefined ? {} : { type: req.body.type }),
        ipAllowlist: req.body.ip_allowlist ?? null,
        endpoints: req.body.endpoints ?? null,
        signingSecret: req.body.signing_secret ?? null,
      })
      return reply
        .status(201)
        .send({ ...keyJson(key), token, auth_header: `${accountId}:${token}` })
    },
  )

  app.patch<{ Params: IdParam; Body: UpdateKeyBody }>(
    '/admin/keys/:id',
    {
      schema: {
        tags,
        summary: 'Activate or deactivate an API key, or change its seven.io rights',
        params: IdParam,
        body: UpdateKeyBody,
        response: errors,
      },
    },
    async (req) => {
      const { is_active, endpoints, signing_secret } = req.body
      const key = await updateApiKey(ctx.deps, id(req.params), {
        ...(is_active === undefined ? {} : { isActive: is_active }),
        ...(endpoints === undefined ? {} : { endpoints }),
        ...(signing_secret === undefined ? {} : { signingSecret: signing_secret }),
      })
      ctx.keyCache.clear()
      return keyJson(key)
    },
  )

  app.delete<{ Params: IdParam }>(
    '/admin/keys/:id',
    {
      schema: {
        tags,
        summary: 'Delete an API key',
        description: 'Its token, and dashboard sessions logged in with it, are refused at once.',
        params: IdParam,
        response: { 204: Type.Null({ description: 'Deleted' }), ...errors },
      },
    },
    async (req, reply) => {
      await deleteApiKey(ctx.deps, id(req.params))
      ctx.keyCache.clear()
      return reply.status(204).send()
    },
  )

  for (const [path, listOf] of [
    ['/admin/prices', () => DEFAULT_PRICE_LIST],
    ['/admin/accounts/:id/prices', (p: IdParam) => id(p)],
  ] as const) {
    const params = path.includes(':id') ? { params: IdParam } : {}
    const which = path.includes(':id') ? "an account's" : 'the default'
    app.get<{ Params: IdParam }>(
      path,
      {
        schema: {
          tags,
          summary: `Get ${which} price list (per SMS part)`,
          ...params,
          response: errors,
        },
      },
      async (req) => ({ prices: await getPriceList(ctx.deps, listOf(req.params)) }),
    )
    const confirm = path.includes(':id') ? {} : { querystring: ConfirmQuery }
    app.put<{ Params: IdParam; Body: PriceListBody; Querystring: ConfirmQuery }>(
      path,
      {
        schema: {
          tags,
          summary: `Replace ${which} price list`,
          description:
            "iso2 and service_code take '*' for any; the most specific entry wins." +
            (path.includes(':id')
              ? ''
              : ' An empty list is refused (422) unless sent with `?confirm=empty`.'),
          ...params,
          ...confirm,
          body: PriceListBody,
          response: errors,
        },
      },
      async (req) => ({
        prices: await setPriceList(ctx.deps, listOf(req.params), req.body, {
          confirmEmpty: req.query?.confirm === 'empty',
        }),
      }),
    )
  }
}

function keyJson(k: ApiKey) {
  return {
    id: k.id,
    account_id: k.accountId,
    name: k.name,
    type: k.type,
    token_hint: `${k.hint}…`,
    is_active: k.isActive,
    ip_allowlist: k.ipAllowlist,
    endpoints: k.endpoints,
    signs_requests: k.signingSecret !== null,
    last_used_at: k.lastUsedAt,
    last_used_ip: k.lastUsedIp,
    created_at: k.createdAt,
  }
}
