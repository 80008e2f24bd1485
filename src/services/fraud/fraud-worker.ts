import { randomUUID } from 'node:crypto'
import { mailboxDomain } from '../../domain/fraud/email-signal.js'
import { FRAUD_STATUS } from '../../domain/fraud/fraud-check.js'
import { ipRange, parseIp } from '../../domain/fraud/ip-signal.js'
import { scoreCheck, type CheckFacts, type FraudResult } from '../../domain/fraud/risk-model.js'
import type { AddressInput } from '../../domain/fraud/address-signal.js'
import { unixSeconds } from '../../shared/clock.js'
import * as accounts from '../../store/repositories/account.repository.js'
import {
  claimFraudChecks,
  finishFraudCheck,
  phoneHistory,
  releaseFraudLeases,
} from '../../store/repositories/fraud-check.repository.js'
import type { Db } from '../../store/database.js'
import type { FraudCheckRow } from '../../store/tables/fraud-check.table.js'
import type { ServiceDeps } from '../deps.js'
import { DisposableDomains } from './disposable-domains.js'
import { fraudCheckFromRow } from './fraud-check-model.js'
import { IpGeo } from './ip-geo.js'
import { MxLookup, type MxLookupOptions } from './mx-lookup.js'

export type FraudWorkerOptions = {
  /** Checks claimed and scored together, their outcomes written in one transaction. */
  batchSize: number
  leaseMs: number
  idleMs: number
  /** A check whose scoring failed this often is given up: status 5000, refunded. */
  maxAttempts: number
  releaseAllLeasesAtStart: boolean
  mx: MxLookupOptions
}

type Outcome = { row: FraudCheckRow; result: FraudResult } | { row: FraudCheckRow; error: unknown }

/**
 * Scores pending fraud checks: claims a batch under a lease (`direct` first), looks up what
 * each part needs (the number's history in the account, the disposable list, DNS, the location
 * database), scores it with the pure risk model and records the outcome with its
 * `fraud-check.done` event in one transaction. A crash loses nothing: the lease runs out and
 * another worker scores the check again.
 */
export class FraudWorker {
  readonly workerId = `fraud-${randomUUID().slice(0, 8)}`
  private running = false
  private loop: Promise<void> | null = null
  private readonly opts: FraudWorkerOptions
  private readonly disposable = new DisposableDomains()
  private readonly geo = new IpGeo()
  private readonly mx: MxLookup

  constructor(
    private readonly deps: ServiceDeps,
    opts: Partial<FraudWorkerOptions> = {},
  ) {
    this.opts = {
      batchSize: 50,
      leaseMs: 60_000,
      idleMs: 500,
      maxAttempts: 3,
      releaseAllLeasesAtStart: true,
      mx: { enabled: true, servers: [], timeoutMs: 2000 },
      ...opts,
    }
    this.mx = new MxLookup(this.opts.mx)
  }

  async start(): Promise<void> {
    if (this.opts.releaseAllLeasesAtStart) await releaseFraudLeases(this.deps.db)
    this.running = true
    this.loop = this.run()
  }

  async stop(): Promise<void> {
    this.running = false
    this.deps.fraudChecks.notify()
    await this.loop
    this.mx.stop()
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const batch = await claimFraudChecks(this.deps.db, {
          workerId: this.workerId,
          limit: this.opts.batchSize,
          leaseMs: this.opts.leaseMs,
          nowMs: this.deps.clock.nowMs(),
        })
        if (batch.length === 0) await this.deps.fraudChecks.wait(this.opts.idleMs)
        else await this.score(batch)
      } catch (err) {
        this.deps.log.error({ err }, 'fraud checks failed; retrying')
        await this.deps.fraudChecks.wait(this.opts.idleMs)
      }
    }
  }

  /** Scores a batch and records every outcome in one transaction. */
  private async score(batch: readonly FraudCheckRow[]): Promise<void> {
    const outcomes = await Promise.all(
      batch.map(async (row): Promise<Outcome> => {
        try {
          return { row, result: scoreCheck(await this.facts(row)) }
        } catch (error) {
          this.deps.log.warn({ err: error, fraudCheckId: row.uuid }, 'fraud check not scored')
          return { row, error }
        }
      }),
    )
    const at = unixSeconds(this.deps.clock)
    await this.deps.db.transaction().execute(async (trx) => {
      for (const o of outcomes) await this.finish(trx, o, at)
    })
  }

  private async finish(trx: Db, o: Outcome, at: number): Promise<void> {
    const failed = 'error' in o
    // Tried again once the lease runs out, until the attempts are spent.
    if (failed && Number(o.row.attempts) < this.opts.maxAttempts) return
    const row: FraudCheckRow = {
      ...o.row,
      status_code: failed ? FRAUD_STATUS.FAILED : FRAUD_STATUS.DONE,
      risk_score: failed ? null : o.result.risk_score,
      result: failed ? null : JSON.stringify(o.result),
      updated_at: at,
    }
    const done = await finishFraudCheck(trx, {
      uuid: row.uuid,
      workerId: this.workerId,
      statusCode: row.status_code,
      riskScore: row.risk_score,
      result: row.result,
      at,
    })
    // Deleted, or taken over by another worker after this one's lease ran out.
    if (!done) return
    const accountId = Number(row.account_id)
    if (failed && Number(row.price_micro) > 0) {
      await accounts.creditFunds(trx, accountId, Number(row.price_micro), at)
    }
    await this.deps.outbox.record(trx, {
      accountId,
      name: 'fraud-check.done',
      data: fraudCheckFromRow(row),
      subject: row.uuid,
      createdAt: at,
    })
  }

  /** What the pure model needs besides the input: each looked up only for a part given. */
  private async facts(row: FraudCheckRow): Promise<CheckFacts> {
    const facts: CheckFacts = {}
    if (row.phone !== null) {
      const history = await phoneHistory(this.deps.db, Number(row.account_id), row.phone)
      facts.phone = { phone: row.phone, history }
    }
    if (row.email !== null) {
      const domain = mailboxDomain(row.email)
      facts.email = {
        email: row.email,
        disposable: domain !== null && this.disposable.has(domain),
        mx: domain === null ? 'unknown' : await this.mx.lookup(domain, this.deps.clock.nowMs()),
      }
    }
    if (row.ip !== null) {
      const addr = parseIp(row.ip)
      const isPublic = addr !== null && ipRange(addr).public
      facts.ip = { ip: row.ip, geo: isPublic ? this.geo.lookup(addr.toString()) : null }
    }
    if (row.address !== null) facts.address = JSON.parse(row.address) as AddressInput
    return facts
  }
}
