import { buildServer } from '../api/server.js'
import { startMetricsServer } from '../api/metrics-server.js'
import { loadConfig } from '../config/load.js'
import { unknownVariableWarnings } from '../config/variables.js'
import { startDelivery } from '../app/delivery-runtime.js'
import { startEvents } from '../app/events-runtime.js'
import { startBulks } from '../app/bulks.js'
import { startFraudChecks } from '../app/fraud-checks.js'
import { startSmppServer } from '../app/smpp-runtime.js'
import { startSmtpServer } from '../app/smtp-runtime.js'
import { startHousekeeping } from '../app/housekeeping.js'
import { NO_DELIVERY, type DeliveryPort } from '../services/delivery-port.js'
import { createDemoAccount, prepareDemo } from '../services/accounts/bootstrap.js'
import { hostPort, listenFailure } from './listen-error.js'
import { startDeliveryThread } from '../app/delivery-thread.js'
import { startClickThread } from '../app/click-thread.js'
import { startCheckpointThread } from '../store/sqlite-checkpoints.js'
import { ThreadWriteLock } from '../store/sqlite-write-lock.js'
import type { Role } from './serve.js'
import { openContext } from './with-context.js'

/** `taube serve`: starts what the role runs and listens until SIGTERM or SIGINT. */
export async function startGateway(
  role: Role,
  givenPort: number | undefined,
  givenHost: string | undefined,
): Promise<number> {
  const config = loadConfig(process.env, {
    ...(givenPort === undefined ? {} : { port: givenPort }),
    ...(givenHost === undefined ? {} : { host: givenHost }),
  })
  // One SQLite process: the delivery engine gets a thread (and so a core) of its own.
  const sqliteFile =
    config.databaseUrl.startsWith('sqlite:') && !config.databaseUrl.endsWith(':memory:')
  const threaded = role === 'all' && config.deliveryThread && sqliteFile
  const serves = role === 'all' || role === 'api'
  // Where short links are served, clicks are written in a thread of their own (click-thread.ts);
  // an in-memory SQLite database cannot be opened from a second thread.
  const clickThread = serves && !config.databaseUrl.endsWith(':memory:')
  const writeLock = sqliteFile && (threaded || clickThread) ? new ThreadWriteLock() : null
  const ctx = await openContext(config, writeLock ? { sqliteWriteLock: writeLock } : {})
  // A mistyped name would otherwise be ignored without a word.
  for (const warning of unknownVariableWarnings(process.env)) ctx.log.warn(warning)
  // The demo account is made where customers are served; workers never print a key.
  const demo = {
    ...(config.bootstrapToken === undefined ? {} : { token: config.bootstrapToken }),
    defaultPrice: config.defaultPrice,
  }
  if (serves) await prepareDemo(ctx.deps, demo)
  if (serves) startHousekeeping(ctx)
  let delivery: DeliveryPort = NO_DELIVERY
  if (writeLock) {
    // Stopped after the delivery and click threads, which write until they have drained.
    const path = config.databaseUrl.slice('sqlite:'.length)
    const checkpoints = await startCheckpointThread(
      { path, lock: writeLock, synchronous: config.sqliteSynchronous },
      (err) => {
        ctx.log.fatal({ err }, 'the checkpoint thread failed; stopping')
        process.exit(1)
      },
    )
    ctx.lifecycle.add('checkpoint thread', () => checkpoints.stop())
  }
  if (threaded && writeLock) {
    delivery = await startDeliveryThread(ctx, writeLock, (err) => {
      ctx.log.fatal({ err }, 'the delivery thread failed; stopping')
      process.exit(1)
    })
    ctx.log.info('the delivery engine runs in a thread of its own')
  } else if (role === 'all' || role === 'dispatcher') {
    delivery = (await startDelivery(ctx)).port
    await startBulks(ctx)
  }
  // In this thread even beside a delivery thread: scoring is mostly lookups, not writes.
  if (role === 'all' || role === 'dispatcher') await startFraudChecks(ctx)
  if (role === 'all' || role === 'events') await startEvents(ctx)
  // Stopped after the HTTP server, whose close hook hands it the last clicks.
  const clickSink = clickThread
    ? startClickThread(ctx, writeLock, (err) => {
        ctx.log.fatal({ err }, 'the click thread failed; stopping')
        process.exit(1)
      })
    : undefined
  if (clickSink) ctx.log.info('clicks are written in a thread of their own')
  const app = await buildServer(ctx, {
    api: serves,
    delivery,
    ...(clickSink ? { clickSink } : {}),
  })
  ctx.lifecycle.add('http', () => app.close())
  // A failed listen releases what was started and ends the process: nothing else would.
  const fail = async (message: string): Promise<never> => {
    process.stderr.write(`\n${message}\n\n`)
    await ctx.lifecycle.stopAll((name, err) => ctx.log.error({ err, name }, 'stop failed'))
    process.exit(1)
  }
  try {
    await app.listen({ host: config.host, port: config.port })
  } catch (err) {
    await fail(
      listenFailure(
        err,
        hostPort(config.host, config.port),
        'TAUBE_HOST / TAUBE_PORT (or --host / --port)',
      ),
    )
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.port
  const base = `http://${hostPort(config.host, port)}`
  // The SMPP server: in the all-in-one process and the smpp role. On the default port (no
  // TAUBE_SMPP_PORT given) a port in use is a warning, so a second gateway on one host starts.
  let smpp: Awaited<ReturnType<typeof startSmppServer>> = null
  if (role === 'all' || role === 'smpp') {
    try {
      smpp = await startSmppServer(ctx)
    } catch (err) {
      const defaulted = process.env.TAUBE_SMPP_PORT === undefined
      if (defaulted && (err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        ctx.log.warn({ port: config.smppPort }, 'the SMPP port is in use: no SMPP server')
      } else {
        await fail(
          listenFailure(err, hostPort(config.host, config.smppPort ?? 0), 'TAUBE_SMPP_PORT'),
        )
      }
    }
  }
  // The email-to-SMS server: in the all-in-one process and the smtp role; on the default port a
  // port in use is a warning there too.
  let smtp: Awaited<ReturnType<typeof startSmtpServer>> = null
  if (role === 'all' || role === 'smtp') {
    try {
      smtp = await startSmtpServer(ctx)
      if (smtp === null && role === 'smtp') {
        await fail('The smtp role has nothing to do: TAUBE_SMTP_PORT is off or unset.')
      }
    } catch (err) {
      const defaulted = process.env.TAUBE_SMTP_PORT === undefined
      if (defaulted && (err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        ctx.log.warn({ port: config.smtpPort }, 'the SMTP port is in use: no email-to-SMS server')
      } else {
        await fail(
          listenFailure(err, hostPort(config.host, config.smtpPort ?? 0), 'TAUBE_SMTP_PORT'),
        )
      }
    }
  }
  let metrics: Awaited<ReturnType<typeof startMetricsServer>> | null = null
  if (config.metricsListen !== undefined) {
    try {
      metrics = await startMetricsServer(ctx, config.metricsListen)
    } catch (err) {
      await fail(listenFailure(err, config.metricsListen, 'TAUBE_METRICS_LISTEN'))
    }
  }
  if (metrics) ctx.lifecycle.add('metrics http', () => metrics.app.close())
  // Only now: a key printed by a start that then failed to listen would be lost.
  const boot = serves ? await createDemoAccount(ctx.deps, demo) : null

  // One write, ending in a blank line, so scripts reading stdout get the whole banner at once.
  const banner = [
    serves
      ? `\nTaube is listening on ${base}  (API docs: ${base}/docs)`
      : `\nTaube (${role}) is listening on ${base}  (/healthz, /metrics)`,
  ]
  if (metrics) banner.push(`Metrics: ${metrics.url}/metrics`)
  if (smpp?.ports.plain) banner.push(`SMPP: ${hostPort(config.host, smpp.ports.plain)}`)
  if (smpp?.ports.tls) banner.push(`SMPP over TLS: ${hostPort(config.host, smpp.ports.tls)}`)
  if (smtp) banner.push(`Email-to-SMS (SMTP): ${hostPort(config.host, smtp.port)}`)
  if (boot) {
    banner.push(`\nA demo account ${boot.userId} was created with 100.00 EUR.`)
    banner.push(
      boot.generated
        ? `Its API key is shown this once; keep it:\n\n  X-LOX24-AUTH-TOKEN: ${boot.userId}:${boot.token}`
        : 'Its API key is the one in TAUBE_BOOTSTRAP_TOKEN.',
    )
  }
  process.stdout.write(`${banner.join('\n')}\n\n`)

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    ctx.log.info({ signal }, 'shutting down')
    void ctx.lifecycle
      .stopAll((name, err) => ctx.log.error({ err, name }, 'stop failed'))
      .then((report) => {
        // The last line: how long it took, what was finished (messages, events in flight) and
        // what is left for the next start (receipts the simulator owes).
        ctx.log.info({ signal, ...report }, 'shutdown complete')
        ctx.log.flush()
        process.exit(0)
      })
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
  return new Promise<number>(() => {})
}
