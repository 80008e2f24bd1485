import { createServer, type Server } from 'node:http'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { createContext } from '../src/app/context.js'
import { loadConfig } from '../src/config/load.js'
import { startEvents } from '../src/app/events-runtime.js'
import {
  DEFAULT_EVENT_WORKER_OPTIONS,
  type EventWorkerOptions,
} from '../src/events/worker-options.js'
import { insertDeliveries, type NewDelivery } from '../src/store/repositories/event.repository.js'
import { insertWebhook } from '../src/store/repositories/webhook.repository.js'

const N = Number(process.env.BENCH_FAIRNESS_EVENTS ?? 10_000)
/** Alternating runs alone and beside; the medians are reported (a shared machine drifts). */
const ROUNDS = 3
/** How long the run without caps is watched: shorter than one webhook timeout (10 s). */
const UNCAPPED_WINDOW_MS = 8_000

/** A receiver on loopback: answers 200, or with `hang` never. */
async function receiver(hang: boolean) {
  let count = 0
  let last = 0
  const server: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      count++
      last = performance.now()
      if (!hang) res.writeHead(200).end()
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    get count() {
      return count
    },
    get last() {
      return last
    },
    close: () => {
      server.closeAllConnections()
      server.close()
    },
  }
}

/**
 * One run: a fresh SQLite store holding N events for a healthy webhook of account 2 (and, with
 * `hanging`, N older events for a webhook of account 1 that never answers); the event worker
 * starts and delivers them. Reports the healthy webhook's events per second, or with `windowMs`
 * how many it got in that time.
 */
async function run(o: {
  hanging: boolean
  worker?: Partial<EventWorkerOptions>
  windowMs?: number
}) {
  const dir = mkdtempSync(join(tmpdir(), 'taube-bench-'))
  const config = loadConfig(
    {},
    {
      databaseUrl: `sqlite:${join(dir, 'taube.db')}`,
      webhookAllowPrivate: true,
      logLevel: 'silent',
    },
  )
  const ctx = await createContext(config, { log: pino({ level: 'silent' }) })
  const healthy = await receiver(false)
  const dead = await receiver(true)
  try {
    const nowMs = Date.now()
    const hook = async (accountId: number, uri: string) =>
      insertWebhook(ctx.deps.db, {
        account_id: accountId,
        uri,
        events: '[]',
        secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}`,
        is_active: 1,
        created_at: 1,
        updated_at: 1,
      })
    const rows = (accountId: number, webhookId: number, uri: string): NewDelivery[] =>
      Array.from({ length: N }, (_, i) => ({
        event_id: `${accountId}-${i}`,
        account_id: accountId,
        name: 'sms.delivery.dryrun',
        data: '{"dlr_code":0}',
        created_at: Math.floor(nowMs / 1000),
        subject: null,
        sms_uuid: null,
        target_key: `webhook:${webhookId}`,
        webhook_id: webhookId,
        transport: 'http',
        target: uri,
        task_id: `t${accountId}-${i}`,
        attempt_total: 4,
        due_at: nowMs,
      }))
    const insert = async (r: NewDelivery[]) => {
      for (let i = 0; i < r.length; i += 500)
        await insertDeliveries(ctx.deps.db, r.slice(i, i + 500), nowMs)
    }
    if (o.hanging) {
      const a = await hook(1, dead.url)
      await insert(rows(1, Number(a.id), dead.url))
    }
    const b = await hook(2, healthy.url)
    await insert(rows(2, Number(b.id), healthy.url))

    const start = performance.now()
    await startEvents(ctx, o.worker ?? {})
    const deadline = start + (o.windowMs ?? 120_000)
    while (healthy.count < N && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 20))
    return {
      healthyDelivered: healthy.count,
      healthyPerSecond: Math.round(healthy.count / ((healthy.last - start) / 1000)),
      hangingCallsOpen: dead.count,
    }
  } finally {
    dead.close()
    healthy.close()
    await ctx.lifecycle.stopAll()
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Webhook fairness: a healthy webhook's throughput alone, and beside another account's webhook
 * that never answers (with as many events, queued before the healthy ones). Without the caps per
 * target and account the hanging webhook takes every place of the worker within seconds.
 */
export async function benchWebhookFairness() {
  const alone: number[] = []
  const beside: number[] = []
  let open = 0
  for (let i = 0; i < ROUNDS; i++) {
    alone.push((await run({ hanging: false })).healthyPerSecond)
    const b = await run({ hanging: true })
    beside.push(b.healthyPerSecond)
    open = Math.max(open, b.hangingCallsOpen)
  }
  // The cap per target against none: what a single healthy webhook loses, if anything.
  const room = DEFAULT_EVENT_WORKER_OPTIONS.maxInFlight
  const aloneUncapped = await run({ hanging: false, worker: { perTarget: room, perAccount: room } })
  const uncapped = await run({
    hanging: true,
    worker: {
      perTarget: room,
      perAccount: room,
      breaker: { failures: 1_000_000, coolDownMs: 1, maxCoolDownMs: 1 },
    },
    windowMs: UNCAPPED_WINDOW_MS,
  })
  return {
    name: 'webhook-fairness',
    description:
      "event worker in process (SQLite file), receivers on loopback in the same process; N queued events for a healthy webhook, alone and beside N older events for another account's webhook that never answers (timeout 10 s)",
    events: N,
    healthyAlonePerSecond: { median: median(alone), runs: alone },
    healthyBesideHangingPerSecond: { median: median(beside), runs: beside },
    ratio: Math.round((median(beside) / median(alone)) * 100) / 100,
    hangingCallsOpenBeside: open,
    healthyAloneWithoutCapsPerSecond: aloneUncapped.healthyPerSecond,
    withoutCaps: {
      windowMs: UNCAPPED_WINDOW_MS,
      healthyDelivered: uncapped.healthyDelivered,
      hangingCallsOpen: uncapped.hangingCallsOpen,
    },
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}
