import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CompiledQuery, sql } from 'kysely'
import { openTestStore } from '../../../test/helpers/test-database.js'
import { SMS_ATTEMPT_FILTERS } from '../../domain/events/attempt-filters.js'
import { PAGE_SIZE } from '../../domain/query/filter-spec.js'
import { parseQuery, type RawQuery } from '../../domain/query/parse-query.js'
import type { Db } from '../database.js'
import { insertDeliveries, type NewDelivery } from './event.repository.js'
import { listSmsAttempts, smsAttemptsPageQuery } from './sms-attempt.repository.js'

// The attempts of one message, found through the SMS its deliveries keep (migration 0030),
// against a real database of the dialect under test (TAUBE_TEST_DATABASE: SQLite or PostgreSQL).
const SMS_A = '0190a000-0000-7000-8000-00000000000a'
const SMS_B = '0190a000-0000-7000-8000-00000000000b'

let n = 0
const delivery = (
  account: number,
  sms: string | null,
  o: { subject?: string; webhook?: number; target?: string } = {},
): NewDelivery => {
  n++
  return {
    event_id: `e${n}`,
    account_id: account,
    name: 'sms.delivery',
    data: '{}',
    created_at: 1,
    subject: o.subject ?? sms,
    sms_uuid: sms,
    target_key: `webhook:${o.webhook ?? 1}`,
    webhook_id: o.webhook ?? 1,
    transport: 'http',
    target: o.target ?? `http://127.0.0.1/hook${o.webhook ?? 1}`,
    task_id: `k${n}`,
    attempt_total: 3,
    due_at: 0,
  }
}

/** The stored deliveries by event id, with their ids. */
async function ids(db: Db): Promise<Map<string, number>> {
  const rows = await db.selectFrom('event_deliveries').select(['id', 'event_id']).execute()
  return new Map(rows.map((r) => [r.event_id, Number(r.id)]))
}

async function attempt(
  db: Db,
  d: NewDelivery,
  deliveryId: number,
  a: { n: number; at: number; status: number | null; error?: string },
): Promise<void> {
  await db
    .insertInto('event_attempts')
    .values({
      delivery_id: deliveryId,
      account_id: d.account_id,
      webhook_id: d.webhook_id,
      event_id: d.event_id,
      event_name: d.name,
      attempt_number: a.n,
      attempt_total: d.attempt_total,
      attempted_at: a.at,
      ok: a.status !== null && a.status < 300 ? 1 : 0,
      http_status: a.status,
      error: a.error ?? null,
      latency_ms: 10 + a.n,
    })
    .execute()
}

const parsed = (q: RawQuery = {}) => {
  const r = parseQuery(SMS_ATTEMPT_FILTERS, q, { paging: true })
  assert.ok(r.ok)
  return r.value
}

describe('store: webhook attempts of one SMS', () => {
  it("lists the attempts of every event about the SMS, only the account's, oldest first", async () => {
    const s = await openTestStore()
    try {
      const toHook1 = delivery(1, SMS_A)
      const toHook2 = delivery(1, SMS_A, { webhook: 2 })
      // A replay of failed deliveries orders them per webhook; the SMS stays with them.
      const replay = delivery(1, SMS_A, { subject: 'replay:1' })
      const other = delivery(1, SMS_B)
      const foreign = delivery(2, SMS_A, { webhook: 9 })
      const all = [toHook1, toHook2, replay, other, foreign]
      await insertDeliveries(s.db, all, 1)
      const id = await ids(s.db)
      await attempt(s.db, toHook1, id.get(toHook1.event_id)!, { n: 1, at: 100, status: 500 })
      await attempt(s.db, toHook2, id.get(toHook2.event_id)!, { n: 1, at: 101, status: 200 })
      await attempt(s.db, toHook1, id.get(toHook1.event_id)!, { n: 2, at: 160, status: 200 })
      await attempt(s.db, replay, id.get(replay.event_id)!, {
        n: 1,
        at: 170,
        status: null,
        error: 'timeout',
      })
      await attempt(s.db, other, id.get(other.event_id)!, { n: 1, at: 102, status: 200 })
      await attempt(s.db, foreign, id.get(foreign.event_id)!, { n: 1, at: 103, status: 200 })
      // The first delivery ends delivered, the replay waits for its retry.
      await s.db
        .updateTable('event_deliveries')
        .set({ state: 'delivered', attempts: 2 })
        .where('event_id', '=', toHook1.event_id)
        .execute()
      await s.db
        .updateTable('event_deliveries')
        .set({ state: 'pending', attempts: 1, due_at: 230_000 })
        .where('event_id', '=', replay.event_id)
        .execute()

      const { rows, total } = await listSmsAttempts(s.db, s.dialect, 1, SMS_A, parsed())
      assert.equal(total, 4)
      assert.deepEqual(
        rows.map((r) => [
          r.event_id,
          Number(r.attempt_number),
          Number(r.attempted_at),
          r.http_status === null ? null : Number(r.http_status),
          r.error,
          Number(r.ok),
          r.target,
          r.webhook_id === null ? null : Number(r.webhook_id),
          r.state,
          Number(r.attempts),
          Number(r.due_at),
          Number(r.latency_ms),
        ]),
        [
          [toHook1.event_id, 1, 100, 500, null, 0, toHook1.target, 1, 'delivered', 2, 0, 11],
          [toHook2.event_id, 1, 101, 200, null, 1, toHook2.target, 2, 'pending', 0, 0, 11],
          [toHook1.event_id, 2, 160, 200, null, 1, toHook1.target, 1, 'delivered', 2, 0, 12],
          [
            replay.event_id,
            1,
            170,
            null,
            'timeout',
            0,
            replay.target,
            1,
            'pending',
            1,
            230_000,
            11,
          ],
        ],
      )

      const newest = await listSmsAttempts(
        s.db,
        s.dialect,
        1,
        SMS_A,
        parsed({ '_order[attempted_at]': 'desc', ok: 'false' }),
      )
      assert.deepEqual(
        newest.rows.map((r) => Number(r.attempted_at)),
        [170, 100],
      )
      assert.equal(newest.total, 2)
      // Account 2 sees only its own delivery of that uuid; an SMS without events has none.
      const theirs = await listSmsAttempts(s.db, s.dialect, 2, SMS_A, parsed())
      assert.deepEqual(
        theirs.rows.map((r) => r.event_id),
        [foreign.event_id],
      )
      const none = await listSmsAttempts(s.db, s.dialect, 1, SMS_B.replace('b', 'c'), parsed())
      assert.deepEqual(none, { rows: [], total: 0 })
    } finally {
      await s.close()
    }
  })

  it('pages by 30 with the total of all pages', async () => {
    const s = await openTestStore()
    try {
      const d = delivery(1, SMS_A)
      await insertDeliveries(s.db, [d], 1)
      const id = (await ids(s.db)).get(d.event_id)!
      for (let i = 1; i <= PAGE_SIZE + 2; i++) {
        await attempt(s.db, d, id, { n: i, at: 1000 + i, status: 500 })
      }
      const first = await listSmsAttempts(s.db, s.dialect, 1, SMS_A, parsed())
      const second = await listSmsAttempts(s.db, s.dialect, 1, SMS_A, parsed({ page: '2' }))
      assert.equal(first.total, PAGE_SIZE + 2)
      assert.equal(first.rows.length, PAGE_SIZE)
      assert.deepEqual(
        second.rows.map((r) => Number(r.attempt_number)),
        [PAGE_SIZE + 1, PAGE_SIZE + 2],
      )
      assert.equal(second.total, PAGE_SIZE + 2)
      const past = await listSmsAttempts(s.db, s.dialect, 1, SMS_A, parsed({ page: '3' }))
      assert.deepEqual(past, { rows: [], total: PAGE_SIZE + 2 })
      assert.ok(!('total' in first.rows[0]!), 'the rows carry no column of their own')
    } finally {
      await s.close()
    }
  })

  it("finds the message's deliveries and their attempts by index, not by a scan", async () => {
    const s = await openTestStore()
    try {
      const q = smsAttemptsPageQuery(s.db, s.dialect, 1, SMS_A, parsed()).compile()
      if (s.dialect === 'sqlite') {
        const plan = await s.db.executeQuery<{ detail: string }>(
          CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]),
        )
        const steps = plan.rows.map((r) => r.detail).join('\n')
        assert.match(steps, /SEARCH d USING INDEX event_deliveries_sms/, steps)
        assert.match(steps, /SEARCH a USING INDEX event_attempts_delivery/, steps)
        assert.doesNotMatch(steps, /SCAN (d|a)\b/, steps)
      } else {
        // On a table this small a scan is cheapest; with scans priced out the plan shows
        // whether the indexes can serve the query at all.
        await s.db.transaction().execute(async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx)
          const plan = await trx.executeQuery<{ 'QUERY PLAN': string }>(
            CompiledQuery.raw(`explain ${q.sql}`, [...q.parameters]),
          )
          const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n')
          assert.match(text, /event_deliveries_sms/, text)
          assert.match(text, /event_attempts_delivery/, text)
          assert.doesNotMatch(text, /Seq Scan/, text)
        })
      }
    } finally {
      await s.close()
    }
  })
})
