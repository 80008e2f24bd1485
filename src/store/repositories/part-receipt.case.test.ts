import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CompiledQuery } from 'kysely'
import { openTestStore } from '../../../test/helpers/test-database.js'
import { smsRow, testSmsUuid } from '../../../test/helpers/sms-row.js'
import { insertSms } from './sms.repository.js'
import { recordParts, recordPartReceipt } from './delivery.repository.js'
import { APPLY_ONE_PART_RECEIPT_SQLITE } from './delivery.statements.js'
import type { DeliveryUpdate } from './delivery.repository.js'
import type { ReceiptState } from '../../domain/dlr/receipt-state.js'

// A receipt for a part, with what it makes of a message of one part, against a real database of
// the dialect under test (TAUBE_TEST_DATABASE: SQLite, or PostgreSQL).
const DELIVERED: DeliveryUpdate = { dlrCode: 1, state: 'delivered', final: true }
const ENROUTE: DeliveryUpdate = { dlrCode: 2, state: 'sent', final: false }

let n = 0
async function sentMessage(s: Awaited<ReturnType<typeof openTestStore>>, carrierIds: string[]) {
  const uuid = testSmsUuid(1000 + ++n)
  const row = smsRow({ uuid, key_id: 1, state: 'sent', is_sent: 1, callback_data: `cb-${n}` })
  await insertSms(s.db, row)
  const parts = carrierIds.map((carrierId, i) => ({ part: i + 1, carrierId }))
  await recordParts(s.db, { uuid, connectorId: 'c', total: carrierIds.length, parts, nowMs: 1000 })
  return uuid
}

const receipt = (carrierId: string, state: ReceiptState) => ({
  connectorId: 'c',
  carrierId,
  state,
  nowMs: 2000,
})

async function message(s: Awaited<ReturnType<typeof openTestStore>>, uuid: string) {
  const r = await s.db
    .selectFrom('sms')
    .select(['state', 'dlr_code'])
    .where('uuid', '=', uuid)
    .executeTakeFirstOrThrow()
  return { state: r.state, dlr_code: Number(r.dlr_code) }
}

async function partStates(s: Awaited<ReturnType<typeof openTestStore>>, where: [string, string]) {
  return s.db
    .selectFrom('sms_parts')
    .select(['carrier_id', 'receipt_state'])
    .where(where[0] as 'sms_uuid' | 'carrier_id', '=', where[1])
    .orderBy('part')
    .execute()
}

describe('store: receipts of parts', () => {
  it('applies a receipt to a message of one part and says what changed', async () => {
    const s = await openTestStore()
    const uuid = await sentMessage(s, ['one-1'])
    const part = await recordPartReceipt(s.db, receipt('one-1', 'DELIVRD'), DELIVERED)
    assert.equal(part?.sms_uuid, uuid)
    assert.equal(part?.parts_total, 1)
    assert.equal(part?.applied?.callbackData, `cb-${n}`)
    assert.deepEqual(await message(s, uuid), { state: 'delivered', dlr_code: 1 })
    await s.close()
  })

  it('a later pending or repeated receipt changes nothing in a final message', async () => {
    const s = await openTestStore()
    const uuid = await sentMessage(s, ['one-2'])
    assert.ok((await recordPartReceipt(s.db, receipt('one-2', 'DELIVRD'), DELIVERED))?.applied)
    for (const [state, update] of [
      ['ENROUTE', ENROUTE],
      ['DELIVRD', DELIVERED],
    ] as const) {
      const part = await recordPartReceipt(s.db, receipt('one-2', state), update)
      assert.equal(part?.sms_uuid, uuid, 'the part is still known')
      assert.ok(!part?.applied, `${state}: nothing applied`)
    }
    assert.deepEqual(await message(s, uuid), { state: 'delivered', dlr_code: 1 })
    await s.close()
  })

  it('leaves a message of several parts to the roll-up, and knows no unknown id', async () => {
    const s = await openTestStore()
    const uuid = await sentMessage(s, ['two-1', 'two-2'])
    const part = await recordPartReceipt(s.db, receipt('two-1', 'DELIVRD'), DELIVERED)
    assert.deepEqual(
      { ...part, parts_total: Number(part?.parts_total) },
      { sms_uuid: uuid, parts_total: 2 },
    )
    assert.deepEqual(await partStates(s, ['sms_uuid', uuid]), [
      { carrier_id: 'two-1', receipt_state: 'DELIVRD' },
      { carrier_id: 'two-2', receipt_state: null },
    ])
    assert.equal(
      (await message(s, uuid)).state,
      'sent',
      'one part of two delivered is not the message',
    )
    assert.equal(await recordPartReceipt(s.db, receipt('nobody', 'DELIVRD'), DELIVERED), undefined)
    await s.close()
  })

  it('one part: SQLite applies the receipt by index, without the part; PostgreSQL records both', async () => {
    const s = await openTestStore()
    await sentMessage(s, ['one-3'])
    assert.ok((await recordPartReceipt(s.db, receipt('one-3', 'DELIVRD'), DELIVERED))?.applied)
    const [part] = await partStates(s, ['carrier_id', 'one-3'])
    assert.equal(part?.receipt_state, s.dialect === 'sqlite' ? null : 'DELIVRD')
    if (s.dialect === 'sqlite') {
      const st = APPLY_ONE_PART_RECEIPT_SQLITE
      const values: Record<string, unknown> = { dlrCode: 1, smsState: 'delivered', at: 2, final: 1 }
      Object.assign(values, { connectorId: 'c', carrierId: 'one-3' })
      const plan = await s.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(
          `explain query plan ${st.sqlite}`,
          st.params.map((p) => values[p]),
        ),
      )
      const details = plan.rows.map((r) => r.detail)
      const steps = details.map((d) => d.split(' USING ')[0])
      assert.deepEqual(steps, ['SEARCH p', 'SEARCH sms'], details.join(' | '))
    }
    await s.close()
  })
})
