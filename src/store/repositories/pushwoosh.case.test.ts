import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { openTestStore } from '../../../test/helpers/test-database.js'
import { smsRow, testSmsUuid } from '../../../test/helpers/sms-row.js'
import type { Store } from '../db.js'
import type { MessageState } from '../../domain/message/status.js'
import { insertSmsMany } from './sms.repository.js'
import {
  countMessageStates,
  deleteDevice,
  findApplicationByCode,
  findDevice,
  findMessageSms,
  insertApplication,
  insertDeviceIfAbsent,
  insertMessage,
  upsertDevice,
} from './pushwoosh.repository.js'

// The Pushwoosh tables against a real database of the dialect under test (TAUBE_TEST_DATABASE:
// SQLite, or PostgreSQL): counts per interval and state, scoping by application and account.
const T0 = 1_800_000_000

describe('Pushwoosh store', () => {
  let s: Store
  let appA: number
  let appB: number
  before(async () => {
    s = await openTestStore()
    const app = (account: number, code: string) =>
      insertApplication(s.db, {
        account_id: account,
        code,
        name: code,
        key_id: account,
        sender: null,
        created_at: T0,
      })
    appA = await app(1, 'AAAAA-AAAAA')
    appB = await app(2, 'BBBBB-BBBBB')
  })
  after(() => s.close())

  let n = 0
  /** A message of the application, created `atS`, in `state`; its code. */
  async function message(app: number, account: number, atS: number, state: MessageState) {
    n++
    const code = `C${String(n).padStart(3, '0')}-00000000-00000000`
    await insertMessage(s.db, { code, account_id: account, application_id: app, created_at: atS })
    await insertSmsMany(s.db, [
      smsRow({
        uuid: testSmsUuid(n),
        account_id: account,
        facade_id: code,
        state,
        created_at: atS,
      }),
    ])
    return code
  }

  it('counts per interval and state, only the application’s own and only within the range', async () => {
    await message(appA, 1, T0, 'delivered')
    await message(appA, 1, T0 + 10, 'delivered')
    const failed = await message(appA, 1, T0 + 3599, 'failed')
    await message(appA, 1, T0 + 3600, 'sent')
    await message(appA, 1, T0 + 7300, 'rejected')
    await message(appA, 1, T0 - 1, 'delivered') // before the range
    await message(appA, 1, T0 + 3 * 3600, 'delivered') // at its end: outside
    await message(appB, 2, T0 + 5, 'delivered') // another account's application
    const q = { applicationId: appA, fromS: T0, toS: T0 + 3 * 3600, stepS: 3600, code: null }
    const rows = await countMessageStates(s.db, q)
    const sorted = rows
      .map((r) => [r.bucket, r.state, r.count] as const)
      .sort((x, y) => x[0] - y[0] || x[1].localeCompare(y[1]))
    assert.deepEqual(sorted, [
      [0, 'delivered', 2],
      [0, 'failed', 1],
      [1, 'sent', 1],
      [2, 'rejected', 1],
    ])
    const one = await countMessageStates(s.db, { ...q, code: failed })
    assert.deepEqual(one, [{ bucket: 0, state: 'failed', count: 1 }])
  })

  it("finds a message by code in its application only, never another account's", async () => {
    const code = await message(appA, 1, T0, 'queued')
    assert.equal((await findMessageSms(s.db, appA, code))?.facade_id, code)
    assert.equal(await findMessageSms(s.db, appB, code), undefined)
    // A message row of account 2 with the same facade id does not join an application of account 1.
    const foreign = `F${n}00-00000000-00000000`
    await insertMessage(s.db, {
      code: foreign,
      account_id: 1,
      application_id: appA,
      created_at: T0,
    })
    n++
    await insertSmsMany(s.db, [smsRow({ uuid: testSmsUuid(n), account_id: 2, facade_id: foreign })])
    assert.equal(await findMessageSms(s.db, appA, foreign), undefined)
  })

  it('registers a number once per application, a new userId replacing the old', async () => {
    const row = {
      application_id: appA,
      hwid: '+491701234567',
      account_id: 1,
      user_id: 'a',
      created_at: T0,
    }
    await upsertDevice(s.db, row)
    await upsertDevice(s.db, { ...row, user_id: 'b', created_at: T0 + 5 })
    await upsertDevice(s.db, { ...row, application_id: appB, account_id: 2 })
    assert.equal((await findDevice(s.db, appA, row.hwid))?.user_id, 'b')
    // Auto-registration keeps what was registered.
    await insertDeviceIfAbsent(s.db, { ...row, user_id: null })
    assert.equal((await findDevice(s.db, appA, row.hwid))?.user_id, 'b')
    assert.equal(Number((await findDevice(s.db, appA, row.hwid))?.created_at), T0)
    assert.equal(await deleteDevice(s.db, appA, row.hwid), true)
    assert.equal(await deleteDevice(s.db, appA, row.hwid), false)
    assert.ok(await findDevice(s.db, appB, row.hwid))
    assert.equal((await findApplicationByCode(s.db, 'BBBBB-BBBBB'))?.id, appB)
  })
})
