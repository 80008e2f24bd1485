import { readFileSync } from 'node:fs'
import type { AppContext } from './context.js'
import { createEmailTransport } from '../events/transports/email.js'
import { AuthGuard } from '../services/auth-guard/auth-guard.js'
import { MailIntake } from '../smtp/mail-intake.js'
import { MailServer } from '../smtp/smtp-server.js'

/**
 * Starts the email-to-SMS SMTP server where the configuration names a port (TAUBE_SMTP_PORT);
 * it stops with the context. Error replies go out through the relay of event notifications
 * (TAUBE_SMTP_URL, from TAUBE_SMTP_FROM). Returns null when the port is off.
 */
export async function startSmtpServer(
  ctx: AppContext,
  overrides: Partial<{
    port: number
    maxSizeBytes: number
    maxConnectionsPerIp: number
    mailsPerMinutePerIp: number
  }> = {},
): Promise<MailServer | null> {
  const { config } = ctx
  const port = overrides.port ?? config.smtpPort ?? null
  if (port === null) return null
  const log = ctx.log.child({ part: 'smtp-server' })
  const replies = config.smtpUrl
    ? createEmailTransport({ smtpUrl: config.smtpUrl, from: config.smtpFrom })
    : null
  if (replies) ctx.lifecycle.add('smtp reply client', () => replies.close())
  const intake = new MailIntake(
    {
      services: ctx.deps,
      keyCache: ctx.keyCache,
      guard: new AuthGuard(ctx.deps, config.authAllowlist),
      replies,
      log,
    },
    { sms: config.mail2smsDomain, bulk: config.email2bulkDomain },
  )
  const tls =
    config.smtpTlsCert && config.smtpTlsKey
      ? { cert: readFileSync(config.smtpTlsCert), key: readFileSync(config.smtpTlsKey) }
      : null
  const server = new MailServer(
    { handler: intake, log, nowMs: () => performance.now() },
    {
      host: config.host,
      port,
      tls,
      maxSizeBytes: overrides.maxSizeBytes ?? config.smtpMaxSizeBytes,
      maxConnectionsPerIp: overrides.maxConnectionsPerIp ?? config.smtpMaxConnectionsPerIp,
      mailsPerMinutePerIp: overrides.mailsPerMinutePerIp ?? config.smtpMailsPerMinutePerIp,
      maxConnections: 1000,
      idleTimeoutMs: 60_000,
      closeTimeoutMs: 5_000,
    },
  )
  await server.start()
  ctx.lifecycle.add('smtp server', () => server.stop())
  ctx.metrics.set('smtp-server', server.metrics.registry)
  return server
}
