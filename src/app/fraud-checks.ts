import { FraudWorker, type FraudWorkerOptions } from '../services/fraud/fraud-worker.js'
import type { AppContext } from './context.js'

/** Starts the fraud-check worker with the configured DNS servers; it stops with the context. */
export async function startFraudChecks(
  ctx: AppContext,
  opts: Partial<FraudWorkerOptions> = {},
): Promise<FraudWorker> {
  const { config } = ctx
  const worker = new FraudWorker(ctx.deps, {
    releaseAllLeasesAtStart: ctx.deps.dialect === 'sqlite',
    mx: {
      enabled: config.fraudMxLookup,
      servers: config.fraudDnsServers,
      timeoutMs: config.fraudDnsTimeoutMs,
    },
    ...opts,
  })
  await worker.start()
  ctx.lifecycle.add('fraud checks', () => worker.stop())
  return worker
}
