import { Type, type Static } from '@sinclair/typebox'
import { SENDER_ID_PATTERN } from '../domain/message/sender-id.js'

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
      examples: ['1:0123456789abcdefABCDEF'],
      description: 'TAUBE_BOOTSTRAP_TOKEN=<user_id>:<token> for the demo account of a new database',
    }),
  ),
  adminToken: Type.Optional(
    Type.String({
      minLength: 16,
      examples: ['a-long-random-admin-secret'],
      description: 'TAUBE_ADMIN_TOKEN: enables /admin',
    }),
  ),
  sessionSecret: Type.Optional(
    Type.String({
      minLength: 32,
      maxLength: 1024,
      examples: ['a-random-secret-of-at-least-32-characters'],
      description:
        "TAUBE_SESSION_SECRET: signs dashboard sessions, so API processes sharing it accept each other's sessions and restarts keep them; unset = random per process",
    }),
  ),
  logLevel: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { description: 'TAUBE_LOG_LEVEL' },
  ),
  logRequests: Type.Boolean({ description: 'TAUBE_LOG_REQUESTS=1 logs every HTTP request' }),
  trustProxy: Type.Union(
    [
      Type.Literal(false),
      Type.Integer({ minimum: 1, maximum: 10 }),
      Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 100 }),
    ],
    {
      examples: ['10.0.0.5,10.1.0.0/16'],
      description:
        'TAUBE_TRUST_PROXY: the proxies whose X-Forwarded-For is believed, as addresses/CIDRs or a hop count; the client is the right-most untrusted hop',
    },
  ),
  authAllowlist: Type.Array(Type.String({ minLength: 1 }), {
    maxItems: 1000,
    examples: ['203.0.113.7,10.0.0.0/8'],
    description: 'TAUBE_AUTH_ALLOWLIST: addresses/CIDRs that failed authentications never block',
  }),
  sqliteSynchronous: Type.Union([Type.Literal('NORMAL'), Type.Literal('FULL')], {
    description: 'TAUBE_SQLITE_SYNCHRONOUS: FULL also survives power loss, at a throughput cost',
  }),
  messageValidityS: Type.Integer({
    minimum: 60,
    maximum: 30 * 24 * 3600,
    description:
      'TAUBE_MESSAGE_VALIDITY_S: how long a message may wait for sending before it expires',
  }),
  defaultPrice: Type.String({
    pattern: '^\\d{1,6}(\\.\\d{1,6})?$',
    description:
      'TAUBE_DEFAULT_PRICE: price per SMS part in the default price list of a new database',
  }),
  smtpUrl: Type.Optional(
    Type.String({
      pattern: '^smtps?://',
      examples: ['smtp://user:pass@mail.example.com:587'],
      description:
        'TAUBE_SMTP_URL: the relay for event notifications by email, smtp(s)://user:pass@host:port',
    }),
  ),
  publicUrl: Type.Optional(
    Type.String({
      pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$',
      examples: ['https://sms.example.com'],
      description:
        'TAUBE_PUBLIC_URL: where customers reach this gateway, for links it puts in messages (download pages of seven.io `files`); default http://TAUBE_HOST:TAUBE_PORT',
    }),
  ),
  shortBaseUrl: Type.Optional(
    Type.String({
      pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$',
      examples: ['https://t.example.com/'],
      description:
        'TAUBE_SHORT_BASE_URL: what short links in messages start with, followed by their code; the address must lead to GET /l/{code} of this gateway (a `/` is added at the end if missing); default TAUBE_PUBLIC_URL/l/',
    }),
  ),
  smtpFrom: Type.String({
    minLength: 3,
    description: 'TAUBE_SMTP_FROM: sender of notification emails',
  }),
  webhookAllowPrivate: Type.Boolean({
    description:
      'TAUBE_WEBHOOK_ALLOW_PRIVATE=1 lets webhooks reach private, loopback and link-local addresses',
  }),
  webhookTimeoutMs: Type.Integer({
    minimum: 100,
    maximum: 120_000,
    description: 'TAUBE_WEBHOOK_TIMEOUT_MS: how long one webhook call may take',
  }),
  replyWindowHours: Type.Integer({
    minimum: 1,
    maximum: 90 * 24,
    description:
      'TAUBE_REPLY_WINDOW_HOURS: an inbound SMS answers a message sent to its number at most this long ago',
  }),
  sevenDailyLimit: Type.Integer({
    minimum: 0,
    maximum: 1_000_000,
    description:
      'TAUBE_SEVEN_DAILY_LIMIT: messages an account may send to one number in 24 h through the seven.io API (code 403); 0 = no limit',
  }),
  messaggiPrioritySurcharge: Type.Integer({
    minimum: 0,
    maximum: 1_000,
    description:
      'TAUBE_MESSAGGI_PRIORITY_SURCHARGE: messaggisms.com API, percent added to the price per whole point of priority above 1.00 (100: priority 2.00 costs double)',
  }),
  verifySenderId: Type.String({
    pattern: SENDER_ID_PATTERN,
    description:
      'TAUBE_VERIFY_SENDER_ID: the sender id of the SMS that carries a sender number verification code',
  }),
  stopKeywords: Type.Array(Type.String({ minLength: 1, maxLength: 30 }), {
    maxItems: 50,
    description:
      'TAUBE_STOP_KEYWORDS: inbound texts that unsubscribe the sender, comma-separated, any case',
  }),
  fraudMxLookup: Type.Boolean({
    description:
      'TAUBE_FRAUD_MX_LOOKUP=0 scores e-mail addresses without asking DNS whether their domain takes mail',
  }),
  fraudDnsServers: Type.Array(
    Type.String({
      pattern: '^(\\[[0-9a-fA-F:.]+\\]|[0-9.]+|[0-9a-fA-F:]+)(:[0-9]{1,5})?$',
      examples: ['9.9.9.9'],
    }),
    {
      maxItems: 10,
      examples: ['127.0.0.1:5353,[::1]:53'],
      description:
        "TAUBE_FRAUD_DNS_SERVERS: the DNS servers fraud checks ask for MX records (ip or ip:port, [ipv6]:port), comma-separated; unset: the system's",
    },
  ),
  fraudDnsTimeoutMs: Type.Integer({
    minimum: 100,
    maximum: 30_000,
    description: 'TAUBE_FRAUD_DNS_TIMEOUT_MS: how long one MX lookup of a fraud check may take',
  }),
  fraudPollPerMinute: Type.Integer({
    minimum: 1,
    maximum: 100_000,
    description:
      'TAUBE_FRAUD_POLL_PER_MINUTE: GET /fraud-checks/{id} of one check per minute; beyond: 429',
  }),
  deliveryThread: Type.Boolean({
    description:
      'TAUBE_DELIVERY_THREAD=0 keeps the delivery engine of a single SQLite process on the API thread; by default it runs in a thread of its own',
  }),
  webhookThread: Type.Boolean({
    description:
      "TAUBE_WEBHOOK_THREAD=0 makes the event worker's HTTP calls on its own thread; by default they are made in a thread of their own",
  }),
  inDoubtWaitS: Type.Integer({
    minimum: 0,
    maximum: 86_400,
    description:
      'TAUBE_IN_DOUBT_WAIT_S: after a crash, how long a message that may have reached the carrier waits for its receipt before it is sent again (0: at once)',
  }),
  queuePollMs: Type.Integer({
    minimum: 10,
    maximum: 600_000,
    description:
      'TAUBE_QUEUE_POLL_MS: how often an idle dispatcher or event worker looks for due work of its own accord; new work wakes it at once',
  }),
  webhookRetryS: Type.Array(Type.Integer({ minimum: 0, maximum: 86_400 }), {
    minItems: 1,
    maxItems: 10,
    description:
      'TAUBE_WEBHOOK_RETRY_S: seconds before each retry of a failed webhook call, e.g. 60,300,1800',
  }),
  webhookDisableAfterS: Type.Integer({
    minimum: 0,
    maximum: 365 * 86_400,
    description:
      'TAUBE_WEBHOOK_DISABLE_AFTER_S: a webhook with no delivery for this long after its first event given up is switched off (0: never)',
  }),
  webhookDisableMinFailures: Type.Integer({
    minimum: 1,
    maximum: 1_000_000,
    description:
      'TAUBE_WEBHOOK_DISABLE_MIN_FAILURES: events given up in that time, at least, before a webhook is switched off',
  }),
  webhookNoticeEveryS: Type.Integer({
    minimum: 60,
    maximum: 365 * 86_400,
    description:
      'TAUBE_WEBHOOK_NOTICE_EVERY_S: at most one "webhook failing" email to the account per this period',
  }),
  // The HTTP edge: timeouts and limits of client connections (api/http-timeouts.ts).
  httpHeadersTimeoutMs: Type.Integer({
    minimum: 100,
    maximum: 600_000,
    description:
      'TAUBE_HTTP_HEADERS_TIMEOUT_MS: a request must have sent all its headers within this time (408)',
  }),
  httpRequestTimeoutMs: Type.Integer({
    minimum: 100,
    maximum: 3_600_000,
    description:
      'TAUBE_HTTP_REQUEST_TIMEOUT_MS: a request must have sent its headers and whole body within this time (408)',
  }),
  httpIdleTimeoutMs: Type.Integer({
    minimum: 100,
    maximum: 3_600_000,
    description:
      'TAUBE_HTTP_IDLE_TIMEOUT_MS: a client that sends nothing for this long in the middle of a request gets 408; one that reads nothing of its answer is dropped',
  }),
  httpKeepAliveTimeoutMs: Type.Integer({
    minimum: 100,
    maximum: 3_600_000,
    description:
      'TAUBE_HTTP_KEEP_ALIVE_TIMEOUT_MS: how long an idle keep-alive connection stays open',
  }),
  httpHandlerTimeoutMs: Type.Integer({
    minimum: 0,
    maximum: 3_600_000,
    description:
      'TAUBE_HTTP_HANDLER_TIMEOUT_MS: a request not answered within this time gets 503 (0: no limit)',
  }),
  httpMaxConnectionsPerAddress: Type.Integer({
    minimum: 0,
    maximum: 1_000_000,
    description:
      'TAUBE_HTTP_MAX_CONNECTIONS_PER_ADDRESS: open connections one client address may hold; more are answered 429 and closed (0: no cap)',
  }),
  smppPort: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 65535,
      description:
        'TAUBE_SMPP_PORT: the SMPP server for customers (default 2775; off: none; unset with NODE_ENV=production: none)',
    }),
  ),
  smppTlsPort: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 65535, description: 'TAUBE_SMPP_TLS_PORT: SMPP over TLS' }),
  ),
  smppTlsCert: Type.Optional(
    Type.String({ minLength: 1, description: 'TAUBE_SMPP_TLS_CERT: PEM certificate file' }),
  ),
  smppTlsKey: Type.Optional(
    Type.String({ minLength: 1, description: 'TAUBE_SMPP_TLS_KEY: PEM private key file' }),
  ),
  smppMaxBinds: Type.Integer({
    minimum: 1,
    maximum: 1000,
    description: 'TAUBE_SMPP_MAX_BINDS: SMPP binds one account may hold at once',
  }),
  smppIdleTimeoutS: Type.Integer({
    minimum: 1,
    maximum: 86_400,
    description: 'TAUBE_SMPP_IDLE_TIMEOUT_S: an SMPP session with no PDU for this long is closed',
  }),
  smppEnquireLinkS: Type.Integer({
    minimum: 1,
    maximum: 3600,
    description: 'TAUBE_SMPP_ENQUIRE_LINK_S: quiet seconds before the server sends enquire_link',
  }),
  smppThroughput: Type.Integer({
    minimum: 1,
    maximum: 1_000_000,
    description: 'TAUBE_SMPP_THROUGHPUT: submit_sm per second per account, above: ESME_RTHROTTLED',
  }),
  smppWindow: Type.Integer({
    minimum: 1,
    maximum: 1000,
    description: 'TAUBE_SMPP_WINDOW: deliver_sm awaiting their response, per bind',
  }),
  smtpPort: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 65535,
      description:
        'TAUBE_SMTP_PORT: the email-to-SMS SMTP server (default 2525; off: none; unset with NODE_ENV=production: none)',
    }),
  ),
  mail2smsDomain: Type.String({
    pattern: '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$',
    examples: ['mail2sms.example.com'],
    description:
      'TAUBE_MAIL2SMS_DOMAIN: mail to {user_id}.{api_key}.{phone}…@ this domain is one SMS',
  }),
  email2bulkDomain: Type.String({
    pattern: '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$',
    examples: ['email2bulk.example.com'],
    description:
      'TAUBE_EMAIL2BULK_DOMAIN: mail to {user_id}.{api_key}.{group_id}…@ this domain is a bulk to the group',
  }),
  smtpTlsCert: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'TAUBE_SMTP_TLS_CERT: PEM certificate file for STARTTLS',
    }),
  ),
  smtpTlsKey: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'TAUBE_SMTP_TLS_KEY: PEM private key file for STARTTLS',
    }),
  ),
  smtpMaxSizeBytes: Type.Integer({
    minimum: 1024,
    maximum: 100_000_000,
    description: 'TAUBE_SMTP_MAX_SIZE_BYTES: larger mails are refused (552)',
  }),
  smtpMaxConnectionsPerIp: Type.Integer({
    minimum: 0,
    maximum: 100_000,
    description:
      'TAUBE_SMTP_MAX_CONNECTIONS_PER_IP: open SMTP connections one address may hold; more are answered 421 (0: no cap)',
  }),
  smtpMailsPerMinutePerIp: Type.Integer({
    minimum: 0,
    maximum: 1_000_000,
    description:
      'TAUBE_SMTP_MAILS_PER_MINUTE_PER_IP: mails one address may send a minute; more are answered 451, to retry (0: no limit)',
  }),
  metricsToken: Type.Optional(
    Type.String({
      minLength: 16,
      examples: ['a-long-random-metrics-secret'],
      description: 'TAUBE_METRICS_TOKEN: bearer token that opens /metrics to non-loopback clients',
    }),
  ),
  metricsListen: Type.Optional(
    Type.String({
      pattern: '^(\\[[0-9A-Fa-f:.]+\\]|[^\\s:\\[\\]]+):[0-9]{1,5}$',
      examples: ['127.0.0.1:9464'],
      description:
        'TAUBE_METRICS_LISTEN=host:port serves /metrics there, and no longer on TAUBE_PORT',
    }),
  ),
  webhookTargetConcurrency: Type.Integer({
    minimum: 1,
    maximum: 1000,
    description:
      'TAUBE_WEBHOOK_TARGET_CONCURRENCY: event deliveries in flight to one webhook or push URL, per event worker',
  }),
  webhookAccountConcurrency: Type.Integer({
    minimum: 1,
    maximum: 10_000,
    description:
      'TAUBE_WEBHOOK_ACCOUNT_CONCURRENCY: event deliveries in flight to all targets of one account, per event worker',
  }),
  webhookBreakerFailures: Type.Integer({
    minimum: 1,
    maximum: 1000,
    description:
      'TAUBE_WEBHOOK_BREAKER_FAILURES: consecutive failed calls after which a target is left alone for a cool-down',
  }),
  webhookBreakerCoolDownS: Type.Integer({
    minimum: 1,
    maximum: 3600,
    description:
      'TAUBE_WEBHOOK_BREAKER_COOLDOWN_S: the first cool-down of a failing target; doubled per failed probe, up to 10 times it',
  }),
})

export type Config = Static<typeof ConfigSchema>
