import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CompiledQuery, sql } from 'kysely'
import { openTestStore } from '../../../test/helpers/test-database.js'
import { smsRow, testSmsUuid } from '../../../test/helpers/sms-row.js'
import { parseQuery, type RawQuery } from '../../domain/query/parse-query.js'
import { SMS_FILTERS, type SmsFilterProperty } from '../../domain/message/sms-filters.js'
import { whereConditions, type ColumnMap } from '../query/where.js'
import { insertSms, listSms } from './sms.repository.js'

function parsed(query: RawQuery) {
  const r = parseQuery(SMS_FILTERS, query)
  if (!r.ok) throw new Error(r.error.detail)
  return r.value
}

// Messages without callback_data are left out of sms_account_callback (migration 0011); finding
// messages by it must still work, through the index, on the dialect under test.
describe('store: messages found by callback_data', () => {
  it('keeps only messages that carry one in the index, and finds them through it', async () => {
    const s = await openTestStore()
    const rows = [
      smsRow({ uuid: testSmsUuid(1), callback_data: 'order-1' }),
      smsRow({ uuid: testSmsUuid(2), callback_data: 'order-2' }),
      smsRow({ uuid: testSmsUuid(3), callback_data: null }),
      smsRow({ uuid: testSmsUuid(4), callback_data: 'order-1', account_id: 2 }),
      smsRow({ uuid: testSmsUuid(5), callback_data: '' }),
    ]
    for (const row of rows) await insertSms(s.db, row)

    const found = async (accountId: number, query: RawQuery) =>
      (await listSms(s.db, s.dialect, accountId, parsed(query))).rows.map((r) => r.uuid).sort()
    assert.deepEqual(await found(1, { callback_data: 'order-1' }), [testSmsUuid(1)])
    assert.deepEqual(await found(2, { callback_data: 'order-1' }), [testSmsUuid(4)])
    assert.deepEqual(await found(1, { 'callback_data[]': ['order-1', 'order-2'] }), [
      testSmsUuid(1),
      testSmsUuid(2),
    ])
    assert.deepEqual(await found(1, { callback_data: '' }), [testSmsUuid(5)])
    assert.deepEqual(await found(1, { callback_data: 'none' }), [])

    if (s.dialect === 'sqlite') {
      const indexes = await sql<{
        name: string
        partial: number
      }>`pragma index_list('sms')`.execute(s.db)
      assert.equal(indexes.rows.find((i) => i.name === 'sms_account_callback')?.partial, 1)
      const entries = await sql<{ n: number }>`
        select count(*) as n from sms indexed by sms_account_callback
        where account_id = 1 and callback_data is not null`.execute(s.db)
      assert.equal(Number(entries.rows[0]!.n), 3)
      for (const query of [
        { callback_data: 'order-1' },
        { 'callback_data[]': ['order-1', 'order-2'] },
      ]) {
        const columns = { callback_data: 'callback_data' } as ColumnMap<SmsFilterProperty>
        const where = whereConditions(parsed(query).conditions, columns, 'sqlite')!
        const ofAccount = s.db.selectFrom('sms').select('uuid').where('account_id', '=', 1)
        const compiled = ofAccount.where(where).compile()
        const plan = await s.db.executeQuery<{ detail: string }>(
          CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
        )
        const steps = plan.rows.map((r) => r.detail)
        assert.ok(
          steps.some((d) => /USING INDEX sms_account_callback/.test(d)),
          steps.join(' | '),
        )
      }
    } else {
      const r = await sql<{ def: string }>`
        select pg_get_indexdef(indexrelid) as def from pg_index
        where indexrelid = 'sms_account_callback'::regclass`.execute(s.db)
      assert.match(r.rows[0]!.def, /WHERE \(callback_data IS NOT NULL\)/)
    }
    await s.close()
  })
})
