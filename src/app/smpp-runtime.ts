import { readFileSync } from 'node:fs'
import type { AppContext } from './context.js'
import { SmppServer } from '../smpp-server/server.js'

/**
 * Starts the SMPP server for customers where the configuration names a port; it stops with the
 * context. Returns null when neither TAUBE_SMPP_PORT nor TAUBE_SMPP_TLS_PORT is set.
 */
export async function startSmppServer(
  ctx: AppContext,
  overrides: { port?: number | null; tlsPort?: number | null } = {},
): Promise<SmppServer | null> {
  const { config } = ctx
  const port = overrides.port !== undefined ? overrides.port : (config.smppPort ?? null)
  const tlsPort = overrides.tlsPort !== undefined ? overrides.tlsPort : (config.smppTlsPort ?? null)
  const tls =
    tlsPort !== null && config.smppTlsCert && config.smppTlsKey
      ? {
          port: tlsPort,
          cert: readFileSync(config.smppTlsCert),
          key: readFileSync(config.smppTlsKey),
        }
      : null
  if (port === null && !tls) return null
  const server = new SmppServer(
    { services: ctx.deps, keyCache: ctx.keyCache, log: ctx.log.child({ part: 'smpp-server' }) },
    {
      host: config.host,
      port,
      tls,
      maxBindsPerAccount: config.smppMaxBinds,
      idleTimeoutMs: config.smppIdleTimeoutS * 1000,
      enquireLinkMs: config.smppEnquireLinkS * 1000,
      responseTimeoutMs: 10_000,
      window: config.smppWindow,
      throughputPerS: config.smppThroughput,
    },
  )
  await server.start()
  ctx.lifecycle.add('smpp server', () => server.stop())
  ctx.metrics.set('smpp-server', server.metrics.registry)
  return server
}
