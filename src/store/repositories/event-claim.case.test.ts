import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { openTestStore } from '../../../test/helpers/test-database.js'
import {
  claimTargetDeliveries,
  insertDeliveries,
  pendingTargets,
  type NewDelivery,
} from './event.repository.js'

// The per-target claim of event deliveries, against a real database of the dialect under test
// (TAUBE_TEST_DATABASE: SQLite, or PostgreSQL).
let n = 0
const delivery = (
  target: string,
  o: { account?: number; subject?: string | null; dueAt?: number } = {},
): NewDelivery => {
  n++
  return {
    event_id: `e${n}`,
    account_id: o.account ?? 1,
    name: 'sms.delivery',
    data: '{}',
    created_at: 1,
    subject: o.subject === undefined ? `s${n}` : o.subject,
    sms_uuid: null,
    target_key: target,
    webhook_id: null,
    transport: 'http',
    target: 'http://127.0.0.1/hook',
    task_id: `k${n}`,
    attempt_total: 4,
    due_at: o.dueAt ?? 0,
  }
}

describe('store: event deliveries claimed per target', () => {
  it('lists each target with pending deliveries once, with its oldest one, after a cursor', async () => {
    const s = await openTestStore()
    try {
      await insertDeliveries(
        s.db,
        [
          delivery('webhook:2', { account: 7, dueAt: 500 }),
          delivery('webhook:2', { account: 7, dueAt: 100 }),
          delivery('push:3', { account: 3, dueAt: 50 }),
          delivery('webhook:9', { account: 8, dueAt: 9000 }),
          ...Array.from({ length: 50 }, () => delivery('webhook:1', { account: 7, dueAt: 10 })),
        ],
        1,
      )
      const all = await pendingTargets(s.db, { after: '', limit: 10 })
      assert.deepEqual(
        all.map((t) => [t.target_key, t.account_id, t.due_at]),
        [
          ['push:3', 3, 50],
          ['webhook:1', 7, 10],
          ['webhook:2', 7, 100],
          ['webhook:9', 8, 9000],
        ],
      )
      const next = await pendingTargets(s.db, { after: 'webhook:1', limit: 1 })
      assert.deepEqual(
        next.map((t) => t.target_key),
        ['webhook:2'],
      )
      assert.deepEqual(await pendingTargets(s.db, { after: 'webhook:9', limit: 5 }), [])
    } finally {
      await s.close()
    }
  })

  it('takes at most the planned number per target, oldest due first, only what is due', async () => {
    const s = await openTestStore()
    try {
      await insertDeliveries(
        s.db,
        [
          ...[30, 10, 20, 40].map((dueAt) => delivery('webhook:1', { dueAt })),
          delivery('webhook:1', { dueAt: 5000 }),
          ...[1, 2, 3].map((dueAt) => delivery('webhook:2', { account: 2, dueAt })),
          delivery('webhook:3', { dueAt: 1 }),
        ],
        1,
      )
      const rows = await claimTargetDeliveries(s.db, s.dialect, {
        workerId: 'w1',
        plan: [
          { targetKey: 'webhook:1', n: 3 },
          { targetKey: 'webhook:2', n: 10 },
        ],
        leaseMs: 60_000,
        nowMs: 1000,
      })
      assert.deepEqual(
        rows.map((r) => [
          r.target_key,
          Number(r.due_at),
          r.state,
          r.lease_owner,
          Number(r.lease_expires_at),
        ]),
        [
          ['webhook:1', 30, 'delivering', 'w1', 61_000],
          ['webhook:1', 10, 'delivering', 'w1', 61_000],
          ['webhook:1', 20, 'delivering', 'w1', 61_000],
          ['webhook:2', 1, 'delivering', 'w1', 61_000],
          ['webhook:2', 2, 'delivering', 'w1', 61_000],
          ['webhook:2', 3, 'delivering', 'w1', 61_000],
        ],
      )
      // What was taken is no longer pending; the target's next one heads it now.
      const heads = await pendingTargets(s.db, { after: '', limit: 10 })
      assert.deepEqual(
        heads.map((t) => [t.target_key, t.due_at]),
        [
          ['webhook:1', 40],
          ['webhook:3', 1],
        ],
      )
    } finally {
      await s.close()
    }
  })

  it("keeps a message's events in order at a target: a later one waits while an earlier is open", async () => {
    const s = await openTestStore()
    try {
      await insertDeliveries(
        s.db,
        [
          delivery('webhook:1', { subject: 'sms-a' }),
          delivery('webhook:1', { subject: 'sms-a' }),
          delivery('webhook:1', { subject: 'sms-b' }),
          delivery('webhook:2', { subject: 'sms-a' }),
        ],
        1,
      )
      const plan = [
        { targetKey: 'webhook:1', n: 10 },
        { targetKey: 'webhook:2', n: 10 },
      ]
      const first = await claimTargetDeliveries(s.db, s.dialect, {
        workerId: 'w1',
        plan,
        leaseMs: 60_000,
        nowMs: 1000,
      })
      assert.deepEqual(
        first.map((r) => [r.target_key, r.subject]),
        [
          ['webhook:1', 'sms-a'],
          ['webhook:1', 'sms-b'],
          ['webhook:2', 'sms-a'],
        ],
      )
      const again = await claimTargetDeliveries(s.db, s.dialect, {
        workerId: 'w2',
        plan,
        leaseMs: 60_000,
        nowMs: 1000,
      })
      assert.deepEqual(again, [], 'the second sms-a event waits for the first')
      await s.db
        .updateTable('event_deliveries')
        .set({ state: 'delivered' })
        .where('id', '=', first[0]!.id)
        .execute()
      const after = await claimTargetDeliveries(s.db, s.dialect, {
        workerId: 'w2',
        plan,
        leaseMs: 60_000,
        nowMs: 1000,
      })
      assert.deepEqual(
        after.map((r) => [r.target_key, r.subject, Number(r.id) > Number(first[0]!.id)]),
        [['webhook:1', 'sms-a', true]],
      )
    } finally {
      await s.close()
    }
  })

  it('two workers claiming at once never take the same delivery', async () => {
    const s = await openTestStore()
    try {
      await insertDeliveries(
        s.db,
        Array.from({ length: 60 }, (_, i) => delivery(`webhook:${i % 3}`)),
        1,
      )
      const plan = [0, 1, 2].map((i) => ({ targetKey: `webhook:${i}`, n: 7 }))
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, w) =>
          claimTargetDeliveries(s.db, s.dialect, {
            workerId: `w${w}`,
            plan,
            leaseMs: 60_000,
            nowMs: 1000,
          }),
        ),
      )
      // Under SKIP LOCKED a claim may come back short while others hold rows: the rest is
      // claimed afterwards.
      for (let more = 1; more > 0;) {
        const rest = await claimTargetDeliveries(s.db, s.dialect, {
          workerId: 'w9',
          plan,
          leaseMs: 60_000,
          nowMs: 1000,
        })
        claims.push(rest)
        more = rest.length
      }
      const ids = claims.flat().map((r) => Number(r.id))
      assert.equal(new Set(ids).size, ids.length, 'no delivery claimed twice')
      assert.equal(ids.length, 60, 'every delivery claimed once')
    } finally {
      await s.close()
    }
  })
})
