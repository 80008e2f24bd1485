import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { openTestStore } from '../../../test/helpers/test-database.js'
import { smsRow, testSmsUuid } from '../../../test/helpers/sms-row.js'
import { insertSms, insertSmsMany, SMS_COLUMNS } from './sms.repository.js'
import type { SmsRow } from '../tables/sms.table.js'

// Rows inserted many to a statement (through JSON) must read back exactly as rows inserted one by
// one, every column, type included: against a real database of the dialect under test.
const VARIED: Partial<SmsRow>[] = [
  {
    text: 'Grüße 👋 "quoted" \\ back\nslash',
    is_unicode: 1,
    callback_data: '123',
    sender_id: '4915790000001',
  },
  {
    text: '00ff10',
    is_binary: 1,
    udh: '050003cc0201',
    callback_data: null,
    key_id: 7,
    bulk_id: null,
  },
  {
    text: 'x',
    price_micro: 9_007_199_254,
    delivery_at: 1_900_000_000,
    due_at: 1_900_000_000_000,
    state: 'scheduled',
    valid_until: 1_900_172_800_000,
    ip: '::1',
    source: 2,
    voice_lang: 'DE',
    phone: '+12025550100',
    iso2: null,
  },
]

describe('store: messages inserted many to a statement', () => {
  it('reads back every column as one inserted alone', async () => {
    const s = await openTestStore()
    const many = VARIED.map((over, i) => smsRow({ ...over, uuid: testSmsUuid(100 + i) }))
    const alone = VARIED.map((over, i) => smsRow({ ...over, uuid: testSmsUuid(200 + i) }))
    await insertSmsMany(s.db, many)
    for (const row of alone) await insertSms(s.db, row)
    const read = async (uuid: string) =>
      s.db.selectFrom('sms').selectAll().where('uuid', '=', uuid).executeTakeFirstOrThrow()
    for (let i = 0; i < VARIED.length; i++) {
      const a = await read(many[i]!.uuid)
      const b = await read(alone[i]!.uuid)
      for (const c of SMS_COLUMNS) {
        if (c === 'uuid') continue
        assert.deepEqual([c, typeof a[c], a[c]], [c, typeof b[c], b[c]])
      }
      assert.equal(a.text, many[i]!.text)
    }
    // None and one take the plain paths.
    await insertSmsMany(s.db, [])
    await insertSmsMany(s.db, [smsRow({ uuid: testSmsUuid(300) })])
    const count = await s.db
      .selectFrom('sms')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    assert.equal(Number(count.n), 2 * VARIED.length + 1)
    await s.close()
  })
})
