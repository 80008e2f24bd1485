import { parseArgs } from 'node:util'
import { createContext } from '../app/context.js'
import { buildServer } from '../api/server.js'
import { loadConfig } from '../config/load.js'
import { startDelivery } from '../delivery/runtime.js'
import { startEvents } from '../events/runtime.js'
import { startBulks } from '../app/bulks.js'
import { bootstrapIfEmpty } from '../services/accounts/bootstrap.js'

const ROLES = ['all', 'api'] as const
type Role = (typeof ROLES)[number]

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string' }, host: { type: 'string' }, role: { type: 'string', default: 'all' } },
  })
  // `api`: HTTP only, for nodes behind a load balancer; `all`: HTTP and every worker.
  if (!ROLES.includes(values.role as Role)) {
    console.error(`--role must be one of ${ROLES.join(', ')}`)
    return 2
  }
  const config = loadConfig(process.env, {
    ...(values.port === undefined ? {} : { port: Number(values.port) }),
    ...(values.host === undefined ? {} : { host: values.host }),
  })
  const ctx = await createContext(config)
  const boot = await bootstrapIfEmpty(ctx.deps, {
    ...(config.bootstrapToken === undefined ? {} : { token: config.bootstrapToken }),
    defaultPrice: config.defaultPrice,
  })
  if (values.role === 'all') {
    await startDelivery(ctx)
    await startEvents(ctx)
    await startBulks(ctx)
  }
  const app = await buildServer(ctx)
  ctx.lifecycle.add('http', () => app.close())
  await app.listen({ host: config.host, port: config.port })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.port
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`

  // One write, ending in a blank line, so scripts reading stdout get the whole banner at once.
  const banner = [`\nTaube is listening on ${base}  (API docs: ${base}/docs)`]
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
    void ctx.lifecycle.stopAll((name, err) => ctx.log.error({ err, name }, 'stop failed')).then(() => {
      process.exit(0)
    })
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
  return new Promise<number>(() => {})
}
