import type { AppContext } from './context.js'
import { createEventMetrics } from '../events/event-metrics.js'
import { createEmailTransport } from '../events/transports/email.js'
import { createHttpTransport } from '../events/transports/http-webhook.js'
import { WebhookFailures } from '../events/webhook-failures.js'
import { EventWorker } from '../events/worker.js'
import { startWebhookThread } from './webhook-thread.js'
import type { EventWorkerOptions } from '../events/worker-options.js'

/** Starts the event worker and its transports; they stop, in reverse, with the context. */
export async function startEvents(
  ctx: AppContext,
  opts: Partial<EventWorkerOptions> = {},
): Promise<EventWorker> {
  const { config, deps } = ctx
  const httpOptions = {
    timeoutMs: config.webhookTimeoutMs,
    allowPrivate: config.webhookAllowPrivate,
  }
  const http = config.webhookThread
    ? startWebhookThread(httpOptions, (err) => {
        ctx.log.fatal({ err }, 'the webhook thread failed; stopping')
        process.exit(1)
      })
    : createHttpTransport(httpOptions)
  ctx.lifecycle.add('webhook client', () => http.close())
  const email = config.smtpUrl
    ? createEmailTransport({ smtpUrl: config.smtpUrl, from: config.smtpFrom })
    : null
  if (email) ctx.lifecycle.add('smtp client', () => email.close())
  const metrics = createEventMetrics({ db: deps.db, clock: deps.clock })
  const failures = new WebhookFailures(
    {
      groupCommit: deps.groupCommit,
      clock: deps.clock,
      log: ctx.log,
      metrics,
      email,
      onDisabled: (accountId) => deps.outbox.invalidate(accountId),
    },
    {
      disableAfterMs: config.webhookDisableAfterS * 1000,
      disableMinFailures: config.webhookDisableMinFailures,
      noticeEveryMs: config.webhookNoticeEveryS * 1000,
    },
  )
  ctx.metrics.set('events', metrics.registry)
  const worker = new EventWorker(
    {
      db: deps.db,
      dialect: deps.dialect,
      groupCommit: deps.groupCommit,
      clock: deps.clock,
      log: ctx.log,
      ready: deps.outbox.ready,
      failures,
      workerLocks: deps.workerLocks,
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
  // Stopped first: the outbox queues its deliveries again before the worker stops.
  deps.outbox.useWorker(worker.handOff())
  ctx.lifecycle.add('event hand-off', () => deps.outbox.useWorker(null))
  return worker
}
