import type { AppContext } from './context.js'
import { createFailureMetrics } from '../events/failure-metrics.js'
import { createEmailTransport } from '../events/transports/email.js'
import { createHttpTransport } from '../events/transports/http-webhook.js'
import { WebhookFailures } from '../events/webhook-failures.js'
import { EventWorker, type EventWorkerOptions } from '../events/worker.js'

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
  const metrics = createFailureMetrics()
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
  // /metrics shows this process's event counters after whatever the delivery engine shows.
  const others = ctx.metrics
  ctx.metrics = async () => {
    const own = await metrics.registry.metrics()
    if (!others) return { contentType: metrics.registry.contentType, body: own }
    const m = await others()
    return { contentType: m.contentType, body: `${m.body.replace(/\n*$/, '\n')}${own}` }
  }
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
  return worker
}
