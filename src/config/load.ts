import { Value } from '@sinclair/typebox/value'
import { DEFAULT_STOP_KEYWORDS, parseStopKeywords } from '../domain/incoming/opt-out.js'
import { isAddressOrCidr, parseAddressList, parseTrustProxy } from './address-list.js'
import { ConfigSchema, type Config } from './schema.js'
import { parseBoolean, variableOf, variableProblem } from './variables.js'

type Env = Record<string, string | undefined>

/** The embedded default store, in ./data beside where taube runs. */
export const DEFAULT_DATABASE_URL = 'sqlite:./data/taube.db'

const DEFAULTS: Config = {
  host: '127.0.0.1',
  port: 8080,
  databaseUrl: DEFAULT_DATABASE_URL,
  logLevel: 'info',
  logRequests: false,
  trustProxy: false,
  authAllowlist: [],
  sqliteSynchronous: 'NORMAL',
  defaultPrice: '0.075',
  messageValidityS: 48 * 3600,
  smtpFrom: 'Taube <no-reply@localhost>',
  webhookAllowPrivate: false,
  webhookTimeoutMs: 10_000,
  // After the 1st, 2nd and 3rd failure: 4 attempts in all (spec §16.3 recommendation).
  webhookRetryS: [60, 300, 1800],
  // A day without a delivery and at least 10 events given up; one notice a day meanwhile.
  webhookDisableAfterS: 86_400,
  webhookDisableMinFailures: 10,
  webhookNoticeEveryS: 86_400,
  webhookTargetConcurrency: 128,
  webhookAccountConcurrency: 256,
  webhookBreakerFailures: 5,
  webhookBreakerCoolDownS: 30,
  replyWindowHours: 72,
  sevenDailyLimit: 0,
  messaggiPrioritySurcharge: 100,
  inDoubtWaitS: 60,
  queuePollMs: 250,
  deliveryThread: true,
  webhookThread: true,
  stopKeywords: [...DEFAULT_STOP_KEYWORDS],
  fraudMxLookup: true,
  fraudDnsServers: [],
  fraudDnsTimeoutMs: 2000,
  // One poll every two seconds on average: a client that waits for the result this way is
  // served; one that asks in a loop is told to take the event instead.
  fraudPollPerMinute: 30,
  verifySenderId: 'Taube',
  httpHeadersTimeoutMs: 10_000,
  httpRequestTimeoutMs: 120_000,
  httpIdleTimeoutMs: 30_000,
  // Above the 60 s idle timeout of common load balancers, so they never reuse a closed connection.
  httpKeepAliveTimeoutMs: 72_000,
  httpHandlerTimeoutMs: 180_000,
  httpMaxConnectionsPerAddress: 512,
  smppMaxBinds: 10,
  smppIdleTimeoutS: 300,
  smppEnquireLinkS: 60,
  smppThroughput: 200,
  smppWindow: 10,
  mail2smsDomain: 'mail2sms.localhost',
  email2bulkDomain: 'email2bulk.localhost',
  smtpMaxSizeBytes: 1_048_576,
  smtpMaxConnectionsPerIp: 20,
  smtpMailsPerMinutePerIp: 600,
}

/** The SMPP server's default port, where the start does not say otherwise. */
export const DEFAULT_SMPP_PORT = 2775

/**
 * Reads TAUBE_* variables over the defaults, then validates once; bad values stop start-up with
 * one message naming every bad variable, what it allows and an example.
 */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = []
  const given = (key: string): string | undefined => env[variableOf(key) ?? '']
  const flag = (key: string): boolean | undefined => {
    const v = given(key)
    if (v === undefined || v.trim() === '') return undefined
    const b = parseBoolean(v)
    if (b === undefined) problems.push(variableProblem(key, v, DEFAULTS))
    return b
  }
  // Parsers that explain their own refusal: their message, without the common heading.
  const collect = <T>(read: () => T): T | undefined => {
    try {
      return read()
    } catch (err) {
      problems.push((err as Error).message.replace(/^Invalid configuration:\n\s*/, ''))
      return undefined
    }
  }
  const fromEnv: Record<string, unknown> = {
    host: env.TAUBE_HOST,
    port: num(env.TAUBE_PORT),
    databaseUrl: env.TAUBE_DATABASE_URL,
    bootstrapToken: env.TAUBE_BOOTSTRAP_TOKEN,
    adminToken: env.TAUBE_ADMIN_TOKEN,
    sessionSecret: env.TAUBE_SESSION_SECRET,
    logLevel: env.TAUBE_LOG_LEVEL,
    logRequests: flag('logRequests'),
    trustProxy: collect(() =>
      env.TAUBE_TRUST_PROXY === undefined ? undefined : parseTrustProxy(env.TAUBE_TRUST_PROXY),
    ),
    authAllowlist: collect(() => addressList('TAUBE_AUTH_ALLOWLIST', env.TAUBE_AUTH_ALLOWLIST)),
    sqliteSynchronous: env.TAUBE_SQLITE_SYNCHRONOUS?.toUpperCase(),
    defaultPrice: env.TAUBE_DEFAULT_PRICE,
    messageValidityS: num(env.TAUBE_MESSAGE_VALIDITY_S),
    smtpUrl: env.TAUBE_SMTP_URL,
    smtpFrom: env.TAUBE_SMTP_FROM,
    publicUrl: env.TAUBE_PUBLIC_URL,
    shortBaseUrl: env.TAUBE_SHORT_BASE_URL,
    webhookAllowPrivate: flag('webhookAllowPrivate'),
    webhookTimeoutMs: num(env.TAUBE_WEBHOOK_TIMEOUT_MS),
    webhookRetryS: numberList(env.TAUBE_WEBHOOK_RETRY_S),
    webhookDisableAfterS: num(env.TAUBE_WEBHOOK_DISABLE_AFTER_S),
    webhookDisableMinFailures: num(env.TAUBE_WEBHOOK_DISABLE_MIN_FAILURES),
    webhookNoticeEveryS: num(env.TAUBE_WEBHOOK_NOTICE_EVERY_S),
    webhookTargetConcurrency: num(env.TAUBE_WEBHOOK_TARGET_CONCURRENCY),
    webhookAccountConcurrency: num(env.TAUBE_WEBHOOK_ACCOUNT_CONCURRENCY),
    webhookBreakerFailures: num(env.TAUBE_WEBHOOK_BREAKER_FAILURES),
    webhookBreakerCoolDownS: num(env.TAUBE_WEBHOOK_BREAKER_COOLDOWN_S),
    replyWindowHours: num(env.TAUBE_REPLY_WINDOW_HOURS),
    sevenDailyLimit: num(env.TAUBE_SEVEN_DAILY_LIMIT),
    messaggiPrioritySurcharge: num(env.TAUBE_MESSAGGI_PRIORITY_SURCHARGE),
    inDoubtWaitS: num(env.TAUBE_IN_DOUBT_WAIT_S),
    queuePollMs: num(env.TAUBE_QUEUE_POLL_MS),
    deliveryThread: flag('deliveryThread'),
    webhookThread: flag('webhookThread'),
    fraudMxLookup: flag('fraudMxLookup'),
    fraudDnsServers: textList(env.TAUBE_FRAUD_DNS_SERVERS),
    fraudDnsTimeoutMs: num(env.TAUBE_FRAUD_DNS_TIMEOUT_MS),
    fraudPollPerMinute: num(env.TAUBE_FRAUD_POLL_PER_MINUTE),
    verifySenderId: env.TAUBE_VERIFY_SENDER_ID,
    httpHeadersTimeoutMs: num(env.TAUBE_HTTP_HEADERS_TIMEOUT_MS),
    httpRequestTimeoutMs: num(env.TAUBE_HTTP_REQUEST_TIMEOUT_MS),
    httpIdleTimeoutMs: num(env.TAUBE_HTTP_IDLE_TIMEOUT_MS),
    httpKeepAliveTimeoutMs: num(env.TAUBE_HTTP_KEEP_ALIVE_TIMEOUT_MS),
    httpHandlerTimeoutMs: num(env.TAUBE_HTTP_HANDLER_TIMEOUT_MS),
    httpMaxConnectionsPerAddress: num(env.TAUBE_HTTP_MAX_CONNECTIONS_PER_ADDRESS),
    metricsToken: env.TAUBE_METRICS_TOKEN,
    metricsListen: env.TAUBE_METRICS_LISTEN,
    smppPort: smppPortOf(env),
    smppTlsPort: num(env.TAUBE_SMPP_TLS_PORT),
    smppTlsCert: env.TAUBE_SMPP_TLS_CERT,
    smppTlsKey: env.TAUBE_SMPP_TLS_KEY,
    smppMaxBinds: num(env.TAUBE_SMPP_MAX_BINDS),
    smppIdleTimeoutS: num(env.TAUBE_SMPP_IDLE_TIMEOUT_S),
    smppEnquireLinkS: num(env.TAUBE_SMPP_ENQUIRE_LINK_S),
    smppThroughput: num(env.TAUBE_SMPP_THROUGHPUT),
    smppWindow: num(env.TAUBE_SMPP_WINDOW),
    smtpPort: smtpPortOf(env),
    mail2smsDomain: env.TAUBE_MAIL2SMS_DOMAIN?.trim().toLowerCase(),
    email2bulkDomain: env.TAUBE_EMAIL2BULK_DOMAIN?.trim().toLowerCase(),
    smtpTlsCert: env.TAUBE_SMTP_TLS_CERT,
    smtpTlsKey: env.TAUBE_SMTP_TLS_KEY,
    smtpMaxSizeBytes: num(env.TAUBE_SMTP_MAX_SIZE_BYTES),
    smtpMaxConnectionsPerIp: num(env.TAUBE_SMTP_MAX_CONNECTIONS_PER_IP),
    smtpMailsPerMinutePerIp: num(env.TAUBE_SMTP_MAILS_PER_MINUTE_PER_IP),
    stopKeywords:
      env.TAUBE_STOP_KEYWORDS === undefined
        ? undefined
        : parseStopKeywords(env.TAUBE_STOP_KEYWORDS),
  }
  const merged: Record<string, unknown> = { ...DEFAULTS }
  for (const [k, v] of Object.entries(fromEnv)) if (v !== undefined && v !== '') merged[k] = v
  Object.assign(merged, overrides)
  // One line per variable, however many schema errors its value has (e.g. each list entry).
  const errors = [...Value.Errors(ConfigSchema, merged)]
  for (const key of new Set(errors.map((e) => e.path.split('/')[1] ?? ''))) {
    // As the operator wrote it, unless a command-line option overrode the variable.
    const raw = key in overrides ? undefined : given(key)
    const shown = raw !== undefined && raw !== '' ? raw : merged[key]
    problems.push(variableProblem(key, shown, DEFAULTS))
  }
  const lists = { trustProxy: merged.trustProxy, authAllowlist: merged.authAllowlist }
  for (const [key, list] of Object.entries(lists)) {
    const bad = Array.isArray(list) ? list.filter((e) => !isAddressOrCidr(e)) : []
    if (bad.length > 0) {
      problems.push(`${variableOf(key)}: not an address or CIDR: ${bad.join(', ')}`)
    }
  }
  const tls = [merged.smppTlsPort, merged.smppTlsCert, merged.smppTlsKey]
  if (tls.some((v) => v !== undefined) && tls.some((v) => v === undefined)) {
    problems.push('TAUBE_SMPP_TLS_PORT, TAUBE_SMPP_TLS_CERT and TAUBE_SMPP_TLS_KEY go together')
  }
  if ((merged.smtpTlsCert === undefined) !== (merged.smtpTlsKey === undefined)) {
    problems.push('TAUBE_SMTP_TLS_CERT and TAUBE_SMTP_TLS_KEY go together')
  }
  if (merged.mail2smsDomain === merged.email2bulkDomain) {
    problems.push('TAUBE_MAIL2SMS_DOMAIN and TAUBE_EMAIL2BULK_DOMAIN must differ')
  }
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`)
  return merged as Config
}

/** A number as given, NaN included (the schema names it); unset or empty: the default. */
function num(v: string | undefined): number | undefined {
  return v === undefined || v.trim() === '' ? undefined : Number(v)
}

function addressList(name: string, v: string | undefined): string[] | undefined {
  if (v === undefined || v.trim() === '') return undefined
  const list = parseAddressList(v)
  if ('invalid' in list) {
    throw new Error(
      `Invalid configuration:\n  ${name}: ${list.invalid.join(', ')} is not an address or a ` +
        'CIDR (e.g. 203.0.113.7,10.0.0.0/8,2001:db8::/32)',
    )
  }
  return list.entries
}

function textList(v: string | undefined): string[] | undefined {
  if (v === undefined || v.trim() === '') return undefined
  return v
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '')
}

function numberList(v: string | undefined): number[] | undefined {
  if (v === undefined || v.trim() === '') return undefined
  return v.split(',').map((x) => Number(x.trim()))
}

/**
 * TAUBE_SMPP_PORT: `off` turns the SMPP server off; unset, it listens on 2775, except in a
 * production start (NODE_ENV=production), where a customer-facing port opens only when named.
 */
function smppPortOf(env: Env): number | undefined {
  const v = env.TAUBE_SMPP_PORT?.trim()
  if (v === undefined || v === '')
    return env.NODE_ENV === 'production' ? undefined : DEFAULT_SMPP_PORT
  if (v.toLowerCase() === 'off') return undefined
  return num(v)
}

/** The email-to-SMS SMTP server's default port. */
export const DEFAULT_SMTP_PORT = 2525

/** TAUBE_SMTP_PORT: as TAUBE_SMPP_PORT, with 2525: a production start opens it only when named. */
function smtpPortOf(env: Env): number | undefined {
  const v = env.TAUBE_SMTP_PORT?.trim()
  if (v === undefined || v === '')
    return env.NODE_ENV === 'production' ? undefined : DEFAULT_SMTP_PORT
  if (v.toLowerCase() === 'off') return undefined
  return num(v)
}
