import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { createContext } from '../src/app/context.js'
import { startFraudChecks } from '../src/app/fraud-checks.js'
import { loadConfig } from '../src/config/load.js'
import { scoreCheck, type CheckFacts } from '../src/domain/fraud/risk-model.js'
import {
  insertFraudCheck,
  pendingFraudChecks,
} from '../src/store/repositories/fraud-check.repository.js'
import type { FraudCheckRow } from '../src/store/tables/fraud-check.table.js'
import { startDnsServer } from '../test/helpers/dns-server.js'

// Fraud checks scored per second: CHECKS pending checks of mixed profiles in a SQLite (WAL)
// store, scored by one worker in this process, with every lookup it makes in production (the
// number's history, the disposable list, MX records from a DNS server on 127.0.0.1, geoip-lite)
// and each outcome written with its fraud-check.done event. Then the pure risk model alone.

const CHECKS = Number(process.env.BENCH_FRAUD_CHECKS ?? 20_000)
const WARM_UP = 500
const PHONES = ['+491701234567', '+445612345678', '+14155552671', '+4930123456', '+4990012345']
const EMAILS = [
  'anna@example.de',
  'x@mailinator.com',
  'info@nomail.example',
  'bob@nowhere.example',
  'a..b@example.de',
]
const IPS = ['85.214.132.117', '8.8.8.8', '10.0.0.7', '2a00:1450:4001::1', '203.0.113.9']
const ADDRESSES = [
  { country_code: 'DE', city: 'Berlin', postal_code: '10115', street: 'A', house_number: '1' },
  { country_code: 'FR', city: 'Paris' },
  null,
]

function row(i: number, nowS: number): FraudCheckRow {
  const address = ADDRESSES[i % ADDRESSES.length]!
  const code = (['economy', 'pro', 'direct'] as const)[i % 3]!
  return {
    uuid: `0190${String(i).padStart(4, '0').slice(-4)}-${String(i).padStart(12, '0').slice(-4)}-7000-8000-${String(i).padStart(12, '0')}`,
    account_id: 1,
    service_code: code,
    priority: code === 'direct' ? 0 : 1,
    status_code: 0,
    risk_score: null,
    callback_data: null,
    phone: PHONES[i % PHONES.length]!,
    email: EMAILS[(i >> 1) % EMAILS.length]!,
    ip: IPS[(i >> 2) % IPS.length]!,
    address: address === null ? null : JSON.stringify(address),
    result: null,
    price_micro: 0,
    attempts: 0,
    lease_owner: null,
    lease_expires_at: null,
    created_at: nowS,
    updated_at: nowS,
  }
}

export async function benchFraud() {
  const dir = mkdtempSync(join(tmpdir(), 'taube-bench-'))
  const dns = await startDnsServer({
    'example.de': ['mx.example.de'],
    'mailinator.com': ['mx.mailinator.com'],
    'nomail.example': [],
  })
  const config = loadConfig(
    {},
    {
      databaseUrl: `sqlite:${join(dir, 'taube.db')}`,
      logLevel: 'silent',
      fraudDnsServers: [dns.address],
    },
  )
  const ctx = await createContext(config, { log: pino({ level: 'silent' }) })
  try {
    const nowS = Math.floor(Date.now() / 1000)
    const fill = async (from: number, to: number) => {
      for (let i = from; i < to; i += 500) {
        await ctx.deps.db.transaction().execute(async (trx) => {
          for (let j = i; j < Math.min(to, i + 500); j++) await insertFraudCheck(trx, row(j, nowS))
        })
      }
    }
    const drained = async () => {
      while ((await pendingFraudChecks(ctx.deps.db)) > 0) {
        await new Promise((r) => setTimeout(r, 20))
      }
    }
    // Warm-up: the disposable list, the location database and the JIT.
    await fill(0, WARM_UP)
    await startFraudChecks(ctx, { batchSize: 100, idleMs: 20 })
    await drained()
    await fill(WARM_UP, WARM_UP + CHECKS)
    const started = performance.now()
    ctx.deps.fraudChecks.notify()
    await drained()
    const elapsedS = (performance.now() - started) / 1000

    // The pure model on the facts the lookups gave, without I/O.
    const facts: CheckFacts[] = Array.from({ length: 15 }, (_, i) => ({
      phone: {
        phone: PHONES[i % PHONES.length]!,
        history: { delivered: 1, failed: 0, optedOut: false },
      },
      email: { email: EMAILS[i % EMAILS.length]!, disposable: i % 5 === 1, mx: 'found' as const },
      ip: { ip: IPS[i % IPS.length]!, geo: null },
      address: ADDRESSES[i % ADDRESSES.length] ?? undefined,
    }))
    let n = 0
    const until = performance.now() + 2000
    const t0 = performance.now()
    while (performance.now() < until) {
      for (const f of facts) scoreCheck(f)
      n += facts.length
    }
    const modelPerSecond = Math.round(n / ((performance.now() - t0) / 1000))
    return {
      name: 'fraud',
      description:
        'Fraud checks scored by one worker (batches of 100) in-process against SQLite (WAL): each with phone, e-mail, IP and (2 of 3) address; the number history query, the disposable list, MX records from a local DNS server (answers cached 10 min, as in production), geoip-lite, and the outcome with its fraud-check.done event in one transaction per batch. modelPerSecond: the pure risk model alone.',
      checks: CHECKS,
      seconds: Math.round(elapsedS * 100) / 100,
      checksScoredPerSecond: Math.round(CHECKS / elapsedS),
      modelPerSecond,
    }
  } finally {
    await ctx.lifecycle.stopAll()
    await dns.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
