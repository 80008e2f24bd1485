import { Type, type Static } from '@sinclair/typebox'

/** The whole runtime configuration; `loadConfig` fills it from TAUBE_* environment variables. */
export const ConfigSchema = Type.Object({
  host: Type.String({ minLength: 1, description: 'TAUBE_HOST' }),
  port: Type.Integer({ minimum: 0, maximum: 65535, description: 'TAUBE_PORT' }),
  databaseUrl: Type.String({
    pattern: '^(sqlite:|postgres://|postgresql://)',
    description: 'TAUBE_DATABASE_URL: sqlite:<path> | sqlite::memory: | postgres://…',
  }),
  bootstrapToken: Type.Optional(
    Type.String({
      pattern: '^[1-9][0-9]{0,9}:[A-Za-z0-9]{16,128}$',
      description: 'TAUBE_BOOTSTRAP_TOKEN=<user_id>:<token> for the demo account of a new database',
    }),
  ),
  adminToken: Type.Optional(
    Type.String({ minLength: 16, description: 'TAUBE_ADMIN_TOKEN: enables /admin' }),
  ),
  logLevel: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { description: 'TAUBE_LOG_LEVEL' },
  ),
  logRequests: Type.Boolean({ description: 'TAUBE_LOG_REQUESTS=1 logs every HTTP request' }),
  trustProxy: Type.Union([Type.Boolean(), Type.String()], {
    description: 'TAUBE_TRUST_PROXY: true, or a list of proxy addresses/CIDRs, for X-Forwarded-For',
  }),
  sqliteSynchronous: Type.Union([Type.Literal('NORMAL'), Type.Literal('FULL')], {
    description: 'TAUBE_SQLITE_SYNCHRONOUS: FULL also survives power loss, at a throughput cost',
  }),
  messageValidityS: Type.Integer({
    minimum: 60,
    maximum: 30 * 24 * 3600,
    description: 'TAUBE_MESSAGE_VALIDITY_S: how long a message may wait for sending before it expires',
  }),
  defaultPrice: Type.String({
    pattern: '^\\d{1,6}(\\.\\d{1,6})?$',
    description: 'TAUBE_DEFAULT_PRICE: price per SMS part in the default price list of a new database',
  }),
})

export type Config = Static<typeof ConfigSchema>
