import { expireIdempotencyKeys } from '../services/sms/expire-idempotency-keys.js'
import { expireReportUrls } from '../services/sms/expire-report-urls.js'
import { expireFiles } from '../services/files/expire-files.js'
import type { AppContext } from './context.js'

/** Every ten minutes: what a keyed request leaves behind lives a day, so a sweep is cheap. */
const SWEEP_EVERY_MS = 10 * 60_000

/**
 * Periodic tidying of what the API leaves behind, in the processes that serve it: once at
 * start, then every `everyMs`. Several processes sweeping the same store do no harm. Resolves
 * when the first sweep is done.
 */
export function startHousekeeping(ctx: AppContext, everyMs = SWEEP_EVERY_MS): Promise<void> {
  const sweep = () =>
    Promise.all([
      expireIdempotencyKeys(ctx.deps).then(
        (n) => {
          if (n > 0) ctx.log.debug({ removed: n }, 'expired idempotency keys removed')
        },
        (err: unknown) => ctx.log.error({ err }, 'removing expired idempotency keys failed'),
      ),
      expireReportUrls(ctx.deps).then(
        (n) => {
          if (n > 0) ctx.log.debug({ removed: n }, 'old Kannel report URLs removed')
        },
        (err: unknown) => ctx.log.error({ err }, 'removing old Kannel report URLs failed'),
      ),
      expireFiles(ctx.deps).then(
        (n) => {
          if (n > 0) ctx.log.debug({ removed: n }, 'expired message files removed')
        },
        (err: unknown) => ctx.log.error({ err }, 'removing expired message files failed'),
      ),
    ]).then(() => undefined)
  let running = sweep()
  const timer = setInterval(() => {
    running = running.then(sweep)
  }, everyMs)
  timer.unref()
  ctx.lifecycle.add('housekeeping', async () => {
    clearInterval(timer)
    await running
  })
  return running
}
