import { readFileSync } from 'node:fs'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance, FastifySchema } from 'fastify'
import { JSON_TYPES } from './json-body.js'
import { documentedAnswers, type RouteSchema } from './openapi-answers.js'
import { operationId, operationKey } from './openapi-operations.js'

/** The security requirement of each API: the customer key (LOX24) and the operator token. */
const SECURITY = {
  customer: { lox24Token: [] },
  admin: { adminToken: [] },
  kannel: { kannelUsername: [], kannelPassword: [] },
  seven: { sevenApiKey: [] },
  pushwoosh: { pushwooshAuth: [] },
  messaggi: { messaggiBearer: [] },

  session: { dashboardSession: [] },
  login: { dashboardLogin: [] },
  operatorSession: { operatorSession: [] },
  operatorLogin: { operatorLogin: [] },
} as const

type DocumentedSchema = FastifySchema & {
  security?: readonly Record<string, readonly string[]>[]
  produces?: readonly string[]
  consumes?: readonly string[]
  operationId?: string
}

/**
 * Documents every route registered after it in this scope as guarded by `auth` and answering
 * in `mediaType`: the scope that installs the auth hook says so once, for all its routes.
 */
export function documentAuth(
  app: FastifyInstance,
  auth: keyof typeof SECURITY,
  mediaType: string,
): void {
  app.addHook('onRoute', (route) => {
    const schema = (route.schema ?? {}) as DocumentedSchema
    route.schema = {
      ...schema,
      security: [SECURITY[auth]],
      produces: schema.produces ?? [mediaType.split(';')[0]!],
    } satisfies DocumentedSchema
  })
}

/** /openapi.json and /docs, generated from the route schemas that also validate requests. */
export async function installOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Taube SMS gateway',
        version: '2.20',
        description:
          'LOX24 API v2 compatible REST API. ' +
          'Authenticate with `X-LOX24-AUTH-TOKEN: <user_id>:<token>`; the operator API under ' +
          '`/admin` with `Authorization: Bearer <TAUBE_ADMIN_TOKEN>`. ' +
          'Every response carries `X-LOX24-REQUEST-ID`.',
        license: { name: 'Apache License 2.0', identifier: packageLicense() },
      },
      // Relative: the document describes the server that serves it, wherever it is installed.
      servers: [{ url: '/', description: 'This gateway' }],
      components: {
        securitySchemes: {
          lox24Token: {
            type: 'apiKey',
            in: 'header',
            name: 'X-LOX24-AUTH-TOKEN',
            description: '`<user_id>:<token>` of an API key of type v2',
          },
          kannelUsername: {
            type: 'apiKey',
            in: 'query',
            name: 'username',
            description: 'The user id (Kannel `smsc-username`); also a form field in a POST',
          },
          kannelPassword: {
            type: 'apiKey',
            in: 'query',
            name: 'password',
            description: 'An API key of type kannel (Kannel `smsc-password`); also a form field',
          },
          sevenApiKey: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Api-Key',
            description:
              'seven.io API: an API key of type seven or v2; legacy: the key as `p` in the query or form',
          },
          pushwooshAuth: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description:
              'Pushwoosh API: `Token <auth>`, or `application` and `auth` in the request body, the auth token of the application (created with it by the operator)',
          },
          messaggiBearer: {
            type: 'http',
            scheme: 'bearer',
            description:
              'messaggisms.com API: a token from POST /messaggi/tokens, or an API key of type v2 (`<user_id>:<token>` or the token alone)',
          },
          dashboardLogin: {
            type: 'http',
            scheme: 'basic',
            description:
              'Dashboard login: the user id and an API key of type v2, in the JSON body (`user_id`, `key`)',
          },
          dashboardSession: {
            type: 'apiKey',
            in: 'cookie',
            name: 'taube_session',
            description:
              "The dashboard session cookie; with it, a request also carries the session's `X-CSRF-Token`",
          },
          operatorLogin: {
            type: 'http',
            scheme: 'basic',
            description: 'Operator console login: TAUBE_ADMIN_TOKEN in the JSON body (`token`)',
          },
          operatorSession: {
            type: 'apiKey',
            in: 'cookie',
            name: 'taube_operator',
            description:
              "The operator session cookie; /admin takes it in place of the bearer token, with the session's `X-CSRF-Token`",
          },
          adminToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'The operator token, TAUBE_ADMIN_TOKEN',
          },
        },
      },
    },
    transform: ({ schema, url, route }) => ({ schema: documented(schema, route.method, url), url }),
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}

/** A route's schema as the document shows it; the route keeps its own for validation. */
function documented(
  schema: FastifySchema | undefined,
  method: string | string[],
  url: string,
): FastifySchema {
  // Without a schema the route is documented as it is (or hidden) by @fastify/swagger itself.
  if (schema === undefined || typeof method !== 'string') return schema as FastifySchema
  const key = operationKey(method, url)
  const id = operationId(key)
  const own = schema as DocumentedSchema
  return {
    ...own,
    ...(id === undefined ? {} : { operationId: id }),
    // A JSON body is taken in every JSON media type (json-body.ts); merge patch suits PATCH only.
    ...(own.body !== undefined && own.consumes === undefined
      ? { consumes: JSON_TYPES.filter((t) => method === 'PATCH' || !t.includes('merge-patch')) }
      : {}),
    response: documentedAnswers(key, own as RouteSchema, own.produces?.[0]),
  } satisfies DocumentedSchema
}

/** The licence package.json declares (SPDX); it is two up from both src/api and dist/api. */
function packageLicense(): string {
  const url = new URL('../../package.json', import.meta.url)
  return (JSON.parse(readFileSync(url, 'utf8')) as { license: string }).license
}
