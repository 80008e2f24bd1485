import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { openTestStore } from '../../../test/helpers/test-database.js'
import { smsRow, testSmsUuid } from '../../../test/helpers/sms-row.js'
import { insertSms } from '../repositories/sms.repository.js'
import { cancelUnsentSms } from '../repositories/sms.repository.js'
import type { SmsRow } from '../tables/sms.table.js'
import { CompiledQuery } from 'kysely'
import { PRIORITIES } from '../../domain/message/priority.js'
import {
  claimDueMessages,
  dueOfPriority,
  expiredLeases,
  extendLeases,
  leasesOf,
  nextDueAt,
  releaseLeases,
} from './claim.js'

// The claim/lease contract the dispatcher relies on, run against a real database of the dialect
// under test (TAUBE_TEST_DATABASE: SQLite, or PostgreSQL).
const store = openTestStore

let n = 0
function row(over: Partial<SmsRow>): SmsRow {
  n++
  return smsRow({ uuid: testSmsUuid(n), key_id: 1, due_at: 1000, ...over })
}

describe('queue: claims and leases', () => {
  it('claims due messages only, by priority then due time, up to the limit', async () => {
    const s = await store()
    const rows = [
      row({ priority: 10, due_at: 100 }), // bulk, due first
      row({ priority: 0, due_at: 300 }), // single
      row({ priority: 0, due_at: 200 }), // single, due earlier
      row({ priority: 0, due_at: 5000 }), // not due yet
      row({ state: 'scheduled', priority: 0, due_at: 400 }),
      row({ state: 'sent', due_at: 1 }), // not claimable
    ]
    for (const r of rows) await insertSms(s.db, r)
    const claimed = await claimDueMessages(s.db, s.dialect, {
      workerId: 'w1',
      limit: 3,
      leaseMs: 1000,
      nowMs: 1000,
    })
    assert.deepEqual(
      claimed.map((r) => r.uuid),
      [rows[2]!.uuid, rows[1]!.uuid, rows[4]!.uuid],
    )
    assert.ok(claimed.every((r) => r.attempts === 1))
    const leased = await s.db
      .selectFrom('sms')
      .select(['state', 'lease_owner', 'lease_expires_at'])
      .where(
        'uuid',
        'in',
        claimed.map((r) => r.uuid),
      )
      .execute()
    assert.ok(
      leased.every(
        (r) =>
          r.state === 'submitting' && r.lease_owner === 'w1' && Number(r.lease_expires_at) === 2000,
      ),
    )
    const next = await claimDueMessages(s.db, s.dialect, {
      workerId: 'w2',
      limit: 10,
      leaseMs: 1000,
      nowMs: 1000,
    })
    assert.deepEqual(
      next.map((r) => r.uuid),
      [rows[0]!.uuid],
      'claimed rows are not claimed twice',
    )
    assert.equal(await nextDueAt(s.db), 5000)
    await s.close()
  })

  it('seeks each priority in the index instead of scanning what waits for later', async () => {
    const s = await store()
    for (const priority of PRIORITIES) {
      const q = dueOfPriority(s.db, s.dialect, priority, { limit: 500, nowMs: 1000 }).compile()
      if (s.dialect === 'sqlite') {
        const plan = await s.db.executeQuery<{ detail: string }>(
          CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]),
        )
        const details = plan.rows.map((r) => r.detail)
        assert.deepEqual(
          details,
          ['SEARCH sms USING INDEX sms_due (priority=? AND due_at<?)'],
          details.join(' | '),
        )
        continue
      }
      // On an empty table PostgreSQL rightly prefers a sequential scan; with it switched off the
      // plan shows whether the partial index can serve the claim at all (its predicate implied).
      const lines = await s.db.transaction().execute(async (trx) => {
        await trx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'))
        const plan = await trx.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`explain ${q.sql}`, [...q.parameters]),
        )
        return plan.rows.map((r) => r['QUERY PLAN'].trim())
      })
      const text = lines.join(' | ')
      assert.match(text, /Index Scan using sms_due on sms/, text)
      assert.match(
        text,
        /Index Cond: \(\(priority = \d+\) AND \(due_at <= '?\d+'?(::bigint)?\)\)/,
        text,
      )
      assert.match(text, /LockRows/, 'FOR UPDATE SKIP LOCKED: parallel workers take disjoint rows')
    }
    await s.close()
  })

  it('renews and releases leases through the index of messages being submitted', async (t) => {
    const s = await store()
    t.after(() => s.close())
    const plan = async (q: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
      const c = q.compile()
      if (s.dialect === 'sqlite') {
        const r = await s.db.executeQuery<{ detail: string }>(
          CompiledQuery.raw(`explain query plan ${c.sql}`, [...c.parameters]),
        )
        return r.rows.map((x) => x.detail).join(' | ')
      }
      // As for the claim: with sequential scans off, whether the partial index can serve at all.
      return s.db.transaction().execute(async (trx) => {
        await trx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'))
        const r = await trx.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`explain ${c.sql}`, [...c.parameters]),
        )
        return r.rows.map((x) => x['QUERY PLAN'].trim()).join(' | ')
      })
    }
    const renew = await plan(leasesOf(s.db, 'w').set({ lease_expires_at: 1 }))
    const release = await plan(expiredLeases(s.db, { nowMs: 1 }).set({ state: 'queued' }))
    if (s.dialect === 'sqlite') {
      assert.equal(renew, 'SEARCH sms USING INDEX sms_leased (lease_owner=?)')
      assert.equal(release, 'SCAN sms USING INDEX sms_leased')
    } else {
      assert.match(renew, /Index Cond: \(lease_owner = 'w'::text\)/, renew)
      assert.match(renew, /sms_leased/, renew)
      assert.match(release, /sms_leased/, release)
    }
  })

  it('a cancel that lands first wins; one that lands after the claim changes nothing', async () => {
    const s = await store()
    const [a, b] = [row({}), row({})]
    await insertSms(s.db, a)
    await insertSms(s.db, b)
    const cancel = (uuid: string) =>
      cancelUnsentSms(s.db, s.dialect, 1, [{ op: 'in', field: 'uuid', values: [uuid] }], {
        state: 'cancelled',
        statusCode: 410,
        at: 1,
      })
    assert.equal((await cancel(a.uuid)).length, 1)
    const claimed = await claimDueMessages(s.db, s.dialect, {
      workerId: 'w',
      limit: 10,
      leaseMs: 1000,
      nowMs: 1000,
    })
    assert.deepEqual(
      claimed.map((r) => r.uuid),
      [b.uuid],
    )
    assert.equal((await cancel(b.uuid)).length, 0)
    await s.close()
  })

  it('extended leases survive the sweep; expired ones return to the queue', async () => {
    const s = await store()
    for (const r of [row({}), row({})]) await insertSms(s.db, r)
    await claimDueMessages(s.db, s.dialect, {
      workerId: 'alive',
      limit: 1,
      leaseMs: 1000,
      nowMs: 1000,
    })
    await claimDueMessages(s.db, s.dialect, {
      workerId: 'dead',
      limit: 1,
      leaseMs: 1000,
      nowMs: 1000,
    })
    assert.equal(await extendLeases(s.db, 'alive', 5000), 1)
    assert.equal(
      await releaseLeases(s.db, { nowMs: 3000 }),
      1,
      "only the dead worker's lease ran out",
    )
    const again = await claimDueMessages(s.db, s.dialect, {
      workerId: 'w3',
      limit: 10,
      leaseMs: 1000,
      nowMs: 3000,
    })
    assert.equal(again.length, 1)
    assert.equal(again[0]!.attempts, 2, 'a reclaimed message counts its attempts')
    assert.equal(
      await releaseLeases(s.db, { nowMs: 0, all: true }),
      2,
      'at start, a single process releases all',
    )
    await s.close()
  })
})
