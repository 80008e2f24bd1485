import type { FastifyInstance } from 'fastify'
import pino from 'pino'
import { createContext, type AppContext } from '../../src/app/context.js'
import { buildServer } from '../../src/api/server.js'
import { NO_DELIVERY, type DeliveryPort } from '../../src/services/delivery-port.js'
import { startDelivery, type Delivery } from '../../src/app/delivery-runtime.js'
import type { DispatcherOptions } from '../../src/delivery/dispatcher.js'
import { startEvents } from '../../src/app/events-runtime.js'
import { startBulks } from '../../src/app/bulks.js'
import { startFraudChecks } from '../../src/app/fraud-checks.js'
import type { FraudWorkerOptions } from '../../src/services/fraud/fraud-worker.js'
import type { BulkExpanderOptions } from '../../src/services/bulks/bulk-expander.js'
import type { EventWorkerOptions } from '../../src/events/worker-options.js'
import { loadConfig } from '../../src/config/load.js'
import type { Config } from '../../src/config/schema.js'
import { bootstrapIfEmpty } from '../../src/services/accounts/bootstrap.js'
import { FixedClock } from './fixed-clock.js'
import { http, type RequestOptions } from './http.js'
import { createTestDatabase } from './test-database.js'

export const ADMIN_TOKEN = 'test-admin-token-0123456789'

export type TestServer = {
  url: string
  ctx: AppContext
  /** The delivery engine's port (NO_DELIVERY without `delivery`). */
  delivery: DeliveryPort
  /** The delivery engine itself, where `delivery` started one. */
  engine: Delivery | null
  /** The server itself, for `app.inject` beside the real socket. */
  app: FastifyInstance
  clock: FixedClock
  /** `<user_id>:<token>` of the bootstrap demo account (DE, 100.00 EUR, price 0.075 per part). */
  token: string
  userId: number
  request: <T = any>(path: string, opts?: RequestOptions) => ReturnType<typeof http<T>>
  admin: <T = any>(path: string, opts?: RequestOptions) => ReturnType<typeof http<T>>
  /** A further account through the operator API; returns its `<user_id>:<token>`. */
  createAccount: (body?: Record<string, unknown>) => Promise<{ userId: number; token: string }>
  close: () => Promise<void>
}

/**
 * The real server on 127.0.0.1 with a fresh database (test-database.ts: SQLite, or PostgreSQL
 * with TAUBE_TEST_DATABASE=postgres); requests go over real HTTP. With
 * `delivery`, the dispatcher and connectors run too (the bootstrap route uses the simulator).
 * The test itself (127.0.0.1) is the trusted proxy, so a test speaks for another client address
 * by naming it as the last X-Forwarded-For entry.
 */
export async function startTestServer(
  overrides: Partial<Config> = {},
  opts: {
    delivery?: boolean | Partial<DispatcherOptions>
    events?: boolean | Partial<EventWorkerOptions>
    bulks?: boolean | Partial<BulkExpanderOptions>
    /** The fraud-check worker; its MX lookups go to `fraudDnsServers` (a local server). */
    fraud?: boolean | Partial<FraudWorkerOptions>
  } = {},
): Promise<TestServer> {
  // A databaseUrl given: a second gateway process on another server's database (left to it).
  const shared = overrides.databaseUrl !== undefined
  const database = shared ? null : await createTestDatabase()
  const config = loadConfig(
    {},
    {
      port: 0,
      databaseUrl: database?.url,
      adminToken: ADMIN_TOKEN,
      logLevel: 'silent',
      trustProxy: ['127.0.0.1'],
      bootstrapToken: '1234567:e3f3a759b6677959b6ebfc0123456789',
      ...overrides,
    },
  )
  const clock = new FixedClock()
  let ctx: AppContext
  try {
    ctx = await createContext(config, {
      clock,
      log: pino({ level: process.env.TAUBE_TEST_LOG ?? 'silent' }),
    })
  } catch (e) {
    await database?.drop()
    throw e
  }
  const boot = await bootstrapIfEmpty(ctx.deps, {
    ...(config.bootstrapToken === undefined ? {} : { token: config.bootstrapToken }),
    defaultPrice: config.defaultPrice,
  })
  const engine = opts.delivery
    ? await startDelivery(ctx, opts.delivery === true ? {} : opts.delivery)
    : null
  const delivery = engine?.port ?? NO_DELIVERY
  if (opts.events) await startEvents(ctx, opts.events === true ? {} : opts.events)
  if (opts.bulks) await startBulks(ctx, opts.bulks === true ? {} : opts.bulks)
  if (opts.fraud) await startFraudChecks(ctx, opts.fraud === true ? {} : opts.fraud)
  const app = await buildServer(ctx, { delivery })
  ctx.lifecycle.add('http', () => app.close())
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  const admin = <T = any>(path: string, opts: RequestOptions = {}) =>
    http<T>(url, path, {
      ...opts,
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, ...opts.headers },
    })
  return {
    url,
    ctx,
    delivery,
    engine,
    app,
    clock,
    // On a shared database the demo account exists already, made with the bootstrap token.
    token: boot ? `${boot.userId}:${boot.token}` : config.bootstrapToken!,
    userId: boot ? boot.userId : Number(config.bootstrapToken!.split(':')[0]),
    request: (path, opts) => http(url, path, opts),
    admin,
    async createAccount(body = {}) {
      const a = await admin('/admin/accounts', {
        body: { name: 'Test', country: 'DE', balance: '50', ...body },
      })
      if (a.status !== 201) throw new Error(`account: ${a.status} ${a.text}`)
      const k = await admin(`/admin/accounts/${a.body.id}/keys`, { body: { name: 'test' } })
      if (k.status !== 201) throw new Error(`key: ${k.status} ${k.text}`)
      return { userId: a.body.id, token: k.body.auth_header }
    },
    async close() {
      await ctx.lifecycle.stopAll()
      await database?.drop()
    },
  }
}

export const SMS = { text: 'Hello from Taube', sender_id: 'Taube', phone: '+491701234567' }
