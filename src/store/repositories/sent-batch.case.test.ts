import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CompiledQuery } from 'kysely'
import { openTestStore } from '../../../test/helpers/test-database.js'
import { smsRow, testSmsUuid } from '../../../test/helpers/sms-row.js'
import { insertSms } from './sms.repository.js'
import { recordParts, savePendingReceipt } from './delivery.repository.js'
import { MARK_SENT_SQLITE, markSentBatch, type SentMessage } from './sent-batch.repository.js'

// A group commit's submit results in three statements, against a real database of the dialect
// under test (TAUBE_TEST_DATABASE: SQLite, or PostgreSQL).
type Store = Awaited<ReturnType<typeof openTestStore>>

async function submitting(s: Store, n: number, leaseOwner: string, parts = 1) {
  const uuid = testSmsUuid(n)
  await insertSms(
    s.db,
    smsRow({
      uuid,
      state: 'submitting',
      lease_owner: leaseOwner,
      lease_expires_at: 9e12,
      parts_count: parts,
    }),
  )
  return uuid
}

async function pending(s: Store, connectorId: string, carrierId: string, state = 'DELIVRD') {
  await savePendingReceipt(s.db, {
    connectorId,
    carrierId,
    state,
    error: null,
    nowMs: 1,
    handset: null,
    text: null,
  })
}

function smsOf(s: Store, uuid: string) {
  return s.db
    .selectFrom('sms')
    .select([
      'state',
      'status_code',
      'is_sent',
      'gateway_sent_at',
      'connector_id',
      'route_id',
      'carrier_message_id',
      'lease_owner',
      'lease_expires_at',
      'updated_at',
    ])
    .where('uuid', '=', uuid)
    .executeTakeFirstOrThrow()
}

function partsOf(s: Store, uuid: string) {
  return s.db
    .selectFrom('sms_parts')
    .select(['connector_id', 'carrier_id', 'part', 'parts_total', 'updated_at'])
    .where('sms_uuid', '=', uuid)
    .orderBy('part')
    .execute()
}

describe('store: submit results of a group commit', () => {
  it("marks the worker's messages sent, keys every part, and takes the receipts waiting for them", async () => {
    const s = await openTestStore()
    const one = await submitting(s, 1, 'w1')
    const long = await submitting(s, 2, 'w1', 3)
    const lost = await submitting(s, 3, 'w2')
    // An earlier attempt keyed the long message's first part; it stays as it was.
    await recordParts(s.db, {
      uuid: long,
      connectorId: 'b',
      total: 3,
      parts: [{ part: 1, carrierId: 'L1' }],
      nowMs: 5,
    })
    await pending(s, 'b', 'L2', 'UNDELIV')
    await pending(s, 'a', 'L2') // same id, another connector: not this message's
    await pending(s, 'a', 'other')
    const messages: SentMessage[] = [
      { uuid: one, connectorId: 'a', routeId: 7, carrierIds: ['A1'], nowMs: 1_700_000_000_500 },
      {
        uuid: long,
        connectorId: 'b',
        routeId: 8,
        carrierIds: ['L1', 'L2', 'L3'],
        nowMs: 1_700_000_001_900,
      },
      { uuid: lost, connectorId: 'a', routeId: 7, carrierIds: ['X1'], nowMs: 1_700_000_002_000 },
      {
        uuid: testSmsUuid(99),
        connectorId: 'a',
        routeId: 7,
        carrierIds: ['U1'],
        nowMs: 1_700_000_002_000,
      },
    ]

    const r = await markSentBatch(s.db, { workerId: 'w1', statusCode: 100, messages })

    assert.deepEqual([...r.marked].sort(), [one, long])
    assert.deepEqual(
      r.taken.map((t) => ({ ...t })),
      [{ connector_id: 'b', carrier_id: 'L2', receipt_state: 'UNDELIV', error: null }],
    )
    const sent = {
      state: 'sent',
      status_code: 100,
      is_sent: 1,
      lease_owner: null,
      lease_expires_at: null,
    }
    assert.deepEqual(norm(await smsOf(s, one)), {
      ...sent,
      gateway_sent_at: 1_700_000_000,
      connector_id: 'a',
      route_id: 7,
      carrier_message_id: 'A1',
      updated_at: 1_700_000_000,
    })
    assert.deepEqual(norm(await smsOf(s, long)), {
      ...sent,
      gateway_sent_at: 1_700_000_001,
      connector_id: 'b',
      route_id: 8,
      carrier_message_id: 'L1',
      updated_at: 1_700_000_001,
    })
    assert.equal((await smsOf(s, lost)).state, 'submitting')
    assert.equal((await smsOf(s, lost)).lease_owner, 'w2')

    assert.deepEqual((await partsOf(s, one)).map(norm), [
      {
        connector_id: 'a',
        carrier_id: 'A1',
        part: 1,
        parts_total: 1,
        updated_at: 1_700_000_000_500,
      },
    ])
    assert.deepEqual((await partsOf(s, long)).map(norm), [
      { connector_id: 'b', carrier_id: 'L1', part: 1, parts_total: 3, updated_at: 5 },
      {
        connector_id: 'b',
        carrier_id: 'L2',
        part: 2,
        parts_total: 3,
        updated_at: 1_700_000_001_900,
      },
      {
        connector_id: 'b',
        carrier_id: 'L3',
        part: 3,
        parts_total: 3,
        updated_at: 1_700_000_001_900,
      },
    ])
    assert.deepEqual(await partsOf(s, lost), [])
    const left = await s.db
      .selectFrom('pending_receipts')
      .select(['connector_id', 'carrier_id'])
      .orderBy('carrier_id')
      .execute()
    assert.deepEqual(
      left.map((x) => ({ ...x })),
      [
        { connector_id: 'a', carrier_id: 'L2' },
        { connector_id: 'a', carrier_id: 'other' },
      ],
    )
    await s.close()
  })

  it('takes nothing when no receipt waits, and does nothing for no messages', async () => {
    const s = await openTestStore()
    const uuid = await submitting(s, 1, 'w1')
    const messages = [{ uuid, connectorId: 'a', routeId: 1, carrierIds: ['A1'], nowMs: 1000 }]
    assert.deepEqual(await markSentBatch(s.db, { workerId: 'w1', statusCode: 100, messages: [] }), {
      marked: new Set(),
      taken: [],
    })
    const r = await markSentBatch(s.db, { workerId: 'w1', statusCode: 100, messages })
    assert.deepEqual(r, { marked: new Set([uuid]), taken: [] })
    // A second time the message is no longer the worker's to mark.
    assert.deepEqual(await markSentBatch(s.db, { workerId: 'w1', statusCode: 100, messages }), {
      marked: new Set(),
      taken: [],
    })
    assert.equal((await partsOf(s, uuid)).length, 1)
    if (s.dialect === 'sqlite') {
      // Each message found by its key, not by walking the worker's leased rows.
      const plan = await s.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${MARK_SENT_SQLITE.sqlite}`, ['[]', 100, 'w1']),
      )
      const steps = plan.rows.map((r) => r.detail)
      assert.ok(
        steps.some((d) => /SEARCH sms USING .*\(uuid=\?\)/.test(d)),
        steps.join(' | '),
      )
      assert.ok(!steps.some((d) => /sms_leased|SCAN sms\b/.test(d)), steps.join(' | '))
    }
    await s.close()
  })
})

/** Numbers as numbers (PostgreSQL returns bigint columns as strings). */
function norm<T extends Record<string, unknown>>(row: T): T {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      typeof v === 'string' && /^\d+$/.test(v) && k !== 'carrier_id' ? Number(v) : v,
    ]),
  ) as T
}
