import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CompiledQuery } from 'kysely'
import { openTestStore } from '../../../test/helpers/test-database.js'
import { claimDeliveries, insertDeliveries, type NewDelivery } from './event.repository.js'
import {
  FINISH_MANY_SQLITE,
  finishAttempts,
  type FinishedAttempt,
} from './event-attempt.repository.js'

// The attempts of a group commit recorded together, against a real database of the dialect under
// test (TAUBE_TEST_DATABASE: SQLite, or PostgreSQL).
const delivery = (n: number): NewDelivery => ({
  event_id: `e${n}`,
  account_id: 1,
  name: 'sms.delivery',
  data: '{}',
  created_at: 1,
  subject: `s${n}`,
  sms_uuid: `s${n}`,
  target_key: `t${n}`,
  webhook_id: null,
  transport: 'http',
  target: 'http://127.0.0.1/hook',
  task_id: `k${n}`,
  attempt_total: 3,
  due_at: 0,
})

describe('store: event attempts of a group commit', () => {
  it('records each outcome the worker still holds, with its attempt, and none it lost', async () => {
    const s = await openTestStore()
    await insertDeliveries(s.db, [1, 2, 3].map(delivery), 1)
    const mine = await claimDeliveries(s.db, s.dialect, {
      workerId: 'w1',
      limit: 3,
      leaseMs: 60_000,
      nowMs: 1000,
    })
    await insertDeliveries(s.db, [delivery(4)], 1)
    const theirs = await claimDeliveries(s.db, s.dialect, {
      workerId: 'w2',
      limit: 1,
      leaseMs: 60_000,
      nowMs: 1000,
    })
    assert.equal(mine.length, 3)
    const base = {
      workerId: 'w1',
      attemptNumber: 1,
      httpStatus: 200,
      error: null,
      latencyMs: 12,
      attemptedAt: 2,
      nowMs: 5000,
    }
    const done: FinishedAttempt[] = [
      { delivery: mine[0]!, attempt: { ...base, ok: true, retryAtMs: null } },
      {
        delivery: mine[1]!,
        attempt: { ...base, ok: false, httpStatus: 500, error: 'HTTP 500', retryAtMs: 65_000 },
      },
      {
        delivery: mine[2]!,
        attempt: { ...base, ok: false, httpStatus: null, error: 'refused', retryAtMs: null },
      },
      // Leased by another worker: not this one's to record.
      { delivery: theirs[0]!, attempt: { ...base, ok: true, retryAtMs: null } },
    ]

    assert.deepEqual(await finishAttempts(s.db, 'w1', done), [true, true, true, false])

    const rows = await s.db
      .selectFrom('event_deliveries')
      .select(['event_id', 'state', 'attempts', 'due_at', 'lease_owner', 'updated_at'])
      .orderBy('id')
      .execute()
    assert.deepEqual(
      rows.map((r) => [
        r.event_id,
        r.state,
        Number(r.attempts),
        Number(r.due_at),
        r.lease_owner,
        Number(r.updated_at),
      ]),
      [
        ['e1', 'delivered', 1, 5000, null, 5000],
        ['e2', 'pending', 1, 65_000, null, 5000],
        ['e3', 'failed', 1, 5000, null, 5000],
        ['e4', 'delivering', 0, 0, 'w2', 1000],
      ],
    )
    const attempts = await s.db
      .selectFrom('event_attempts')
      .select(['event_id', 'ok', 'http_status', 'error', 'latency_ms', 'attempt_number'])
      .orderBy('event_id')
      .execute()
    assert.deepEqual(
      attempts.map((a) => [
        a.event_id,
        Number(a.ok),
        a.http_status === null ? null : Number(a.http_status),
        a.error,
        Number(a.latency_ms),
        Number(a.attempt_number),
      ]),
      [
        ['e1', 1, 200, null, 12, 1],
        ['e2', 0, 500, 'HTTP 500', 12, 1],
        ['e3', 0, null, 'refused', 12, 1],
      ],
    )
    if (s.dialect === 'sqlite') {
      const plan = await s.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${FINISH_MANY_SQLITE.sqlite}`, ['[]', 'w1']),
      )
      const steps = plan.rows.map((r) => r.detail)
      assert.ok(
        steps.some((d) => /SEARCH event_deliveries USING INTEGER PRIMARY KEY/.test(d)),
        steps.join(' | '),
      )
    }
    await s.close()
  })
})
