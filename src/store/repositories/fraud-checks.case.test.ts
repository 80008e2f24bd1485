import { after, before, beforeEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { openTestStore } from '../../../test/helpers/test-database.js'
import { smsRow, testSmsUuid } from '../../../test/helpers/sms-row.js'
import type { Store } from '../db.js'
import { parseQuery } from '../../domain/query/parse-query.js'
import { FRAUD_CHECK_FILTERS } from '../../domain/fraud/fraud-filters.js'
import type { FraudCheckRow } from '../tables/fraud-check.table.js'
import { insertSmsMany } from './sms.repository.js'
import {
  claimFraudChecks,
  deleteFraudCheck,
  finishFraudCheck,
  insertFraudCheck,
  listFraudChecks,
  pendingFraudChecks,
  phoneHistory,
  releaseFraudLeases,
} from './fraud-check.repository.js'

// The fraud-check queue and list against a real database of the dialect under test
// (TAUBE_TEST_DATABASE: SQLite, or PostgreSQL).
let n = 0
function check(over: Partial<FraudCheckRow> = {}): FraudCheckRow {
  n++
  return {
    uuid: `0190${String(n).padStart(4, '0')}-0000-7000-8000-000000000000`,
    account_id: 1,
    service_code: 'economy',
    priority: 1,
    status_code: 0,
    risk_score: null,
    callback_data: null,
    phone: '+491701234567',
    email: null,
    ip: null,
    address: null,
    result: null,
    price_micro: 50_000,
    attempts: 0,
    lease_owner: null,
    lease_expires_at: null,
    created_at: 1_700_000_000 + n,
    updated_at: 1_700_000_000 + n,
    ...over,
  }
}

describe('fraud checks in the store', () => {
  let s: Store
  before(async () => {
    s = await openTestStore()
  })
  after(() => s.close())
  beforeEach(async () => {
    await s.db.deleteFrom('fraud_checks').execute()
  })

  it('claims direct checks first, then the oldest, each once while its lease runs', async () => {
    const old = check()
    const newer = check()
    const direct = check({ service_code: 'direct', priority: 0 })
    for (const c of [old, newer, direct]) await insertFraudCheck(s.db, c)
    const first = await claimFraudChecks(s.db, {
      workerId: 'w1',
      limit: 2,
      leaseMs: 1000,
      nowMs: 0,
    })
    assert.deepEqual(
      first.map((c) => c.uuid),
      [direct.uuid, old.uuid],
    )
    assert.deepEqual(
      first.map((c) => [c.lease_owner, Number(c.attempts)]),
      [
        ['w1', 1],
        ['w1', 1],
      ],
    )
    const second = await claimFraudChecks(s.db, {
      workerId: 'w2',
      limit: 5,
      leaseMs: 1000,
      nowMs: 10,
    })
    assert.deepEqual(
      second.map((c) => c.uuid),
      [newer.uuid],
      'leased checks are not claimed again',
    )
    // The lease of w1 runs out: another worker takes its checks.
    const third = await claimFraudChecks(s.db, {
      workerId: 'w3',
      limit: 5,
      leaseMs: 1000,
      nowMs: 2000,
    })
    assert.deepEqual(third.map((c) => c.uuid).sort(), [direct.uuid, old.uuid, newer.uuid].sort())
    assert.equal(Number(third.find((c) => c.uuid === direct.uuid)!.attempts), 2)
  })

  it('records the outcome only for the worker holding the lease, and never claims it again', async () => {
    const c = check()
    await insertFraudCheck(s.db, c)
    await claimFraudChecks(s.db, { workerId: 'w1', limit: 1, leaseMs: 1000, nowMs: 0 })
    const outcome = { uuid: c.uuid, statusCode: 100, riskScore: 42, result: '{}', at: 5 }
    assert.equal(await finishFraudCheck(s.db, { ...outcome, workerId: 'w2' }), false)
    assert.equal(await finishFraudCheck(s.db, { ...outcome, workerId: 'w1' }), true)
    assert.equal(await finishFraudCheck(s.db, { ...outcome, workerId: 'w1' }), false, 'once')
    const row = await s.db.selectFrom('fraud_checks').selectAll().executeTakeFirstOrThrow()
    assert.deepEqual(
      [Number(row.status_code), Number(row.risk_score), row.lease_owner, Number(row.updated_at)],
      [100, 42, null, 5],
    )
    assert.equal(await pendingFraudChecks(s.db), 0)
    assert.deepEqual(
      await claimFraudChecks(s.db, { workerId: 'w1', limit: 5, leaseMs: 1, nowMs: 99_999 }),
      [],
    )
  })

  it('frees every lease at a single process start', async () => {
    await insertFraudCheck(s.db, check())
    await claimFraudChecks(s.db, { workerId: 'w1', limit: 1, leaseMs: 60_000, nowMs: 0 })
    await releaseFraudLeases(s.db)
    const again = await claimFraudChecks(s.db, { workerId: 'w2', limit: 1, leaseMs: 1, nowMs: 1 })
    assert.equal(again.length, 1)
  })

  it('hands parallel claims disjoint checks', async () => {
    for (let i = 0; i < 40; i++) await insertFraudCheck(s.db, check())
    const claims = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        claimFraudChecks(s.db, { workerId: `w${i}`, limit: 15, leaseMs: 60_000, nowMs: 0 }),
      ),
    )
    const all = claims.flat().map((c) => c.uuid)
    assert.equal(new Set(all).size, all.length, 'no check twice')
    assert.equal(all.length, 40)
  })

  it('deletes only within the account and tells what the check cost', async () => {
    const c = check({ account_id: 7 })
    await insertFraudCheck(s.db, c)
    assert.equal(await deleteFraudCheck(s.db, 8, c.uuid), undefined)
    assert.deepEqual(await deleteFraudCheck(s.db, 7, c.uuid), {
      status_code: 0,
      price_micro: 50_000,
    })
    assert.equal(await deleteFraudCheck(s.db, 7, c.uuid), undefined)
  })

  it('filters the list by every documented field', async () => {
    const a = check({ callback_data: 'order-1', phone: '+491701112233', email: 'anna@example.com' })
    const b = check({ status_code: 100, ip: '203.0.113.9', phone: null, email: 'bob@shop.example' })
    const other = check({ account_id: 2, callback_data: 'order-1' })
    for (const c of [a, b, other]) await insertFraudCheck(s.db, c)
    const list = async (q: Record<string, string | string[]>) => {
      const parsed = parseQuery(FRAUD_CHECK_FILTERS, q)
      assert.ok(parsed.ok)
      const r = await listFraudChecks(s.db, s.dialect, 1, parsed.value)
      return r.rows.map((x) => x.uuid)
    }
    assert.deepEqual(await list({}), [b.uuid, a.uuid], 'newest first, own account only')
    assert.deepEqual(await list({ '_order[created_at]': 'asc' }), [a.uuid, b.uuid])
    assert.deepEqual(await list({ callback_data: 'order-1' }), [a.uuid])
    assert.deepEqual(await list({ callback_data: 'order' }), [], 'exact')
    assert.deepEqual(await list({ 'request_phone.phone': '1112' }), [a.uuid])
    assert.deepEqual(await list({ 'request_email.email': 'SHOP.EX' }), [b.uuid])
    assert.deepEqual(await list({ 'request_ip.ip': '113.9' }), [b.uuid])
    assert.deepEqual(await list({ status_code: '100' }), [b.uuid])
    assert.deepEqual(await list({ 'status_code[]': ['0', '100'] }), [b.uuid, a.uuid])
    assert.deepEqual(await list({ id: a.uuid }), [a.uuid])
    assert.deepEqual(await list({ 'id[]': [a.uuid, other.uuid] }), [a.uuid])
  })

  it("reads a number's history in one account: delivered, failed, unsubscribed", async () => {
    const phone = '+491709998877'
    const rows = ['delivered', 'rejected', 'expired', 'failed', 'sent'].map((state, i) =>
      smsRow({ uuid: testSmsUuid(7700 + i), account_id: 3, phone, state: state as never }),
    )
    rows.push(smsRow({ uuid: testSmsUuid(7710), account_id: 4, phone, state: 'failed' }))
    await insertSmsMany(s.db, rows)
    assert.deepEqual(await phoneHistory(s.db, 3, phone), {
      delivered: 1,
      failed: 3,
      optedOut: false,
    })
    assert.deepEqual(await phoneHistory(s.db, 5, phone), {
      delivered: 0,
      failed: 0,
      optedOut: false,
    })
    await s.db
      .insertInto('phones')
      .values({
        account_id: 3,
        group_id: 1,
        phone,
        iso2: 'DE',
        a: null,
        b: null,
        c: null,
        d: null,
        e: null,
        callback_data: null,
        subscribed_at: null,
        unsubscribed_at: 1,
        unsubscribe_reason: 1,
        created_at: 1,
      })
      .execute()
    assert.equal((await phoneHistory(s.db, 3, phone)).optedOut, true)
    assert.equal((await phoneHistory(s.db, 4, phone)).optedOut, false)
  })
})
