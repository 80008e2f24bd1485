import type { AppContext } from '../app/context.js'
import { createEmailTransport } from './transports/email.js'
import { createHttpTransport } from './transports/http-webhook.js'
import { EventWorker, type EventWorkerOptions } from './worker.js'

/** Starts the event worker and its transports; they stop, in reverse, with the context. */
export async function startEvents(ctx: AppContext, opts: Partial<EventWorkerOptions> = {}): Promise<EventWorker> {
  const { config, deps } = ctx
  const http = createHttpTransport({
    timeoutMs: config.webhookTimeoutMs,
    allowPrivate: config.webhookAllowPrivate,
  })
  ctx.lifecycle.add('webhook client', () => http.close())
  const email = config.smtpUrl ? createEmailTransport({ smtpUrl: config.smtpUrl, from: config.smtpFrom }) : null
  if (email) ctx.lifecycle.add('smtp client', () => email.close())
  const worker = new EventWorker(
    {
      db: deps.db,
      dialect: deps.dialect,
      groupCommit: deps.groupCommit,
      clock: deps.clock,
      log: ctx.log,
      ready: deps.outbox.ready,
    },
    { http, email },
    {
      retryS: config.webhookRetryS,
      idleMs: config.queuePollMs,
      releaseAllLeasesAtStart: deps.dialect === 'sqlite',
      perTarget: config.webhookTargetConcurrency,
      perAccount: config.webhookAccountConcurrency,
      breaker: {
        failures: config.webhookBreakerFailures,
        coolDownMs: config.webhookBreakerCoolDownS * 1000,
        maxCoolDownMs: config.webhookBreakerCoolDownS * 10_000,
      },
      ...opts,
    },
  )
  await worker.start()
  ctx.lifecycle.add('event worker', () => worker.stop())
  return worker
}
