import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CompiledQuery } from 'kysely'
import { openTestStore } from '../../../test/helpers/test-database.js'
import { smsRow, testSmsUuid } from '../../../test/helpers/sms-row.js'
import { insertSms } from './sms.repository.js'
import { recordParts } from './delivery.repository.js'
import { APPLY_SQLITE, applyOnePartReceipts } from './receipt-batch.repository.js'

// The receipts of a group commit that settle messages of one part, in one statement, against a
// real database of the dialect under test (TAUBE_TEST_DATABASE: SQLite, or PostgreSQL).
type Store = Awaited<ReturnType<typeof openTestStore>>
const DELIVERED = { dlrCode: 1, state: 'delivered', final: true } as const
const ENROUTE = { dlrCode: 2, state: 'sent', final: false } as const

let n = 0
/** A message sent on `connectorId`, its parts keyed; `carrierId` is what the message names. */
async function sent(
  s: Store,
  o: {
    carrierIds: string[]
    connectorId?: string
    carrierId?: string
    state?: 'sent' | 'delivered'
    textDeleted?: boolean
  },
) {
  const uuid = testSmsUuid(++n)
  const connectorId = o.connectorId ?? 'c'
  await insertSms(
    s.db,
    smsRow({
      uuid,
      key_id: 3,
      state: o.state ?? 'sent',
      is_sent: 1,
      callback_data: `cb-${n}`,
      connector_id: connectorId,
      carrier_message_id: o.carrierId ?? o.carrierIds[0]!,
      parts_count: o.carrierIds.length,
      text: 'hello',
      is_text_deleted: o.textDeleted ? 1 : 0,
      dlr_code: o.state === 'delivered' ? 1 : 0,
    }),
  )
  const parts = o.carrierIds.map((carrierId, i) => ({ part: i + 1, carrierId }))
  await recordParts(s.db, { uuid, connectorId, total: parts.length, parts, nowMs: 1 })
  return uuid
}

async function row(s: Store, uuid: string) {
  const r = await s.db
    .selectFrom('sms')
    .select(['state', 'dlr_code', 'text', 'updated_at'])
    .where('uuid', '=', uuid)
    .executeTakeFirstOrThrow()
  return { ...r, dlr_code: Number(r.dlr_code), updated_at: Number(r.updated_at) }
}

describe('store: receipts of a group commit for messages of one part', () => {
  it('settles the messages sent under those ids and names each change by its id', async () => {
    const s = await openTestStore()
    const a = await sent(s, { carrierIds: ['A'], textDeleted: true })
    const b = await sent(s, { carrierIds: ['B'] })
    const long = await sent(s, { carrierIds: ['L1', 'L2'] })
    const done = await sent(s, { carrierIds: ['D'], state: 'delivered' })
    // Sent again after a crash: the message now goes by E2; a receipt for E1 takes the long way.
    const again = await sent(s, { carrierIds: ['E1'], carrierId: 'E2' })
    const other = await sent(s, { carrierIds: ['A'], connectorId: 'other' })
    const at = 1_700_000_000_000

    const changed = await applyOnePartReceipts(s.db, 'c', [
      { carrierId: 'A', update: DELIVERED, nowMs: at },
      { carrierId: 'B', update: ENROUTE, nowMs: at + 5000 },
      { carrierId: 'L1', update: DELIVERED, nowMs: at },
      { carrierId: 'D', update: ENROUTE, nowMs: at },
      { carrierId: 'E1', update: DELIVERED, nowMs: at },
      { carrierId: 'unknown', update: DELIVERED, nowMs: at },
    ])

    assert.deepEqual([...changed.keys()].sort(), ['A', 'B'])
    assert.deepEqual(changed.get('A'), {
      uuid: a,
      accountId: 1,
      keyId: 3,
      callbackData: 'cb-1',
      statusCode: 0,
      phone: '+491701234567',
    })
    assert.equal(changed.get('B')?.uuid, b)
    assert.deepEqual(await row(s, a), {
      state: 'delivered',
      dlr_code: 1,
      text: '',
      updated_at: 1_700_000_000,
    })
    assert.deepEqual(await row(s, b), {
      state: 'sent',
      dlr_code: 2,
      text: 'hello',
      updated_at: 1_700_000_005,
    })
    for (const [uuid, state, dlr] of [
      [long, 'sent', 0],
      [done, 'delivered', 1],
      [again, 'sent', 0],
      [other, 'sent', 0],
    ] as const) {
      const r = await row(s, uuid)
      assert.deepEqual([r.state, r.dlr_code, r.text], [state, dlr, 'hello'], uuid)
    }
    // The same receipt again changes nothing.
    assert.equal(
      (await applyOnePartReceipts(s.db, 'c', [{ carrierId: 'A', update: DELIVERED, nowMs: at }]))
        .size,
      0,
    )
    assert.equal((await applyOnePartReceipts(s.db, 'c', [])).size, 0)
    if (s.dialect === 'sqlite') {
      // Each message found by its key, never by walking a table.
      const plan = await s.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${APPLY_SQLITE.sqlite}`, ['[]', 'c', 'c']),
      )
      const steps = plan.rows.map((r) => r.detail)
      assert.ok(
        steps.some((d) => /SEARCH p USING .*\(connector_id=\? AND carrier_id=\?\)/.test(d)),
        steps.join(' | '),
      )
      assert.ok(
        steps.some((d) => /SEARCH sms USING .*\(uuid=\?\)/.test(d)),
        steps.join(' | '),
      )
      assert.ok(!steps.some((d) => /SCAN (sms|p)\b/.test(d)), steps.join(' | '))
    }
    await s.close()
  })
})
