import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { openTestStore } from '../../../test/helpers/test-database.js'
import { smsRow, testSmsUuid } from '../../../test/helpers/sms-row.js'
import { queueDepthByState } from '../queue/queue-depth.js'
import { recentFailedAttempts, recentFailedMessages } from './failures.repository.js'

// The operator's view of the queue and of the latest failures, against a real database of the
// dialect under test (TAUBE_TEST_DATABASE: SQLite, or PostgreSQL).
describe('store: queue depth and recent failures', () => {
  it('counts the messages waiting per state, due now and later', async () => {
    const s = await openTestStore()
    try {
      const now = 10_000
      const rows = [
        smsRow({ uuid: testSmsUuid(1), state: 'queued', due_at: now - 1 }),
        smsRow({ uuid: testSmsUuid(2), state: 'queued', due_at: now }),
        smsRow({ uuid: testSmsUuid(3), state: 'queued', due_at: now + 5000 }),
        smsRow({ uuid: testSmsUuid(4), state: 'scheduled', due_at: now + 60_000 }),
        smsRow({ uuid: testSmsUuid(5), state: 'scheduled', due_at: now - 10 }),
        smsRow({ uuid: testSmsUuid(6), state: 'submitting', lease_expires_at: now + 30_000 }),
        smsRow({ uuid: testSmsUuid(7), state: 'submitting', lease_expires_at: now - 1 }),
        smsRow({ uuid: testSmsUuid(8), state: 'delivered', due_at: now - 1 }),
        smsRow({ uuid: testSmsUuid(9), state: 'failed', due_at: now - 1 }),
      ]
      await s.db.insertInto('sms').values(rows).execute()
      assert.deepEqual(await queueDepthByState(s.db, now), {
        scheduled: { due: 1, later: 1 },
        queued: { due: 2, later: 1 },
        submitting: { due: 1, later: 1 },
      })
    } finally {
      await s.close()
    }
  })

  it('lists failed, rejected and expired messages of every account, newest first, paged', async () => {
    const s = await openTestStore()
    try {
      const rows = [
        smsRow({ uuid: testSmsUuid(1), account_id: 1, state: 'failed', updated_at: 100 }),
        smsRow({ uuid: testSmsUuid(2), account_id: 2, state: 'rejected', updated_at: 300 }),
        smsRow({ uuid: testSmsUuid(3), account_id: 1, state: 'delivered', updated_at: 400 }),
        smsRow({ uuid: testSmsUuid(4), account_id: 3, state: 'expired', updated_at: 200 }),
        smsRow({ uuid: testSmsUuid(5), account_id: 2, state: 'cancelled', updated_at: 500 }),
        smsRow({
          uuid: testSmsUuid(6),
          account_id: 2,
          state: 'rejected',
          updated_at: 300,
          dlr_code: 16,
          status_detail: 'err:011',
          connector_id: 'smsc-a',
        }),
      ]
      await s.db.insertInto('sms').values(rows).execute()
      const first = await recentFailedMessages(s.db, { page: 1, perPage: 3 })
      assert.deepEqual(
        first.rows.map((r) => r.uuid),
        [testSmsUuid(6), testSmsUuid(2), testSmsUuid(4)],
      )
      assert.equal(first.more, true)
      const top = first.rows[0]!
      assert.equal(Number(top.account_id), 2)
      assert.equal(top.state, 'rejected')
      assert.equal(top.dlr_code, 16)
      assert.equal(top.status_detail, 'err:011')
      assert.equal(top.connector_id, 'smsc-a')
      assert.equal(Number(top.updated_at), 300)
      const second = await recentFailedMessages(s.db, { page: 2, perPage: 3 })
      assert.deepEqual(
        second.rows.map((r) => r.uuid),
        [testSmsUuid(1)],
      )
      assert.equal(second.more, false)
    } finally {
      await s.close()
    }
  })

  it('lists failed event attempts of every account, newest first, paged', async () => {
    const s = await openTestStore()
    try {
      const attempt = (n: number, ok: number, account: number) => ({
        delivery_id: n,
        account_id: account,
        webhook_id: account * 10,
        event_id: `e${n}`,
        event_name: 'sms.delivery',
        attempt_number: 1,
        attempt_total: 3,
        attempted_at: 1000 + n,
        ok,
        http_status: ok ? 200 : 500,
        error: ok ? null : 'HTTP 500',
        latency_ms: 5,
      })
      await s.db
        .insertInto('event_attempts')
        .values([attempt(1, 0, 1), attempt(2, 1, 1), attempt(3, 0, 2), attempt(4, 0, 1)])
        .execute()
      const first = await recentFailedAttempts(s.db, { page: 1, perPage: 2 })
      assert.deepEqual(
        first.rows.map((r) => [r.event_id, Number(r.account_id), Number(r.webhook_id), r.error]),
        [
          ['e4', 1, 10, 'HTTP 500'],
          ['e3', 2, 20, 'HTTP 500'],
        ],
      )
      assert.equal(first.more, true)
      const second = await recentFailedAttempts(s.db, { page: 2, perPage: 2 })
      assert.deepEqual(
        second.rows.map((r) => r.event_id),
        ['e1'],
      )
      assert.equal(second.more, false)
    } finally {
      await s.close()
    }
  })
})
