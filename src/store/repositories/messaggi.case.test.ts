import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { openTestStore } from '../../../test/helpers/test-database.js'
import { smsRow, testSmsUuid } from '../../../test/helpers/sms-row.js'
import type { Store } from '../db.js'
import { insertSmsMany } from './sms.repository.js'
import * as repo from './messaggi.repository.js'
import * as tokens from './messaggi-token.repository.js'
import { claimDueMessages } from '../queue/claim.js'

// The messaggisms.com API's messages, recipients and tokens against a real database of the
// dialect under test (TAUBE_TEST_DATABASE: SQLite, or PostgreSQL); and the claim's order for
// messages of a priority above 1.00.
const message = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  account_id: 1,
  key_id: 1,
  sender: 'Taube',
  body: 'Hi {{name}}',
  priority: 100,
  is_test: 0,
  transaction_open: 0,
  timestamp_send: null,
  cancelled_at: null,
  created_at: 1_000,
  ...over,
})
const recipient = (messageId: string, position: number, phone: string | null, account = 1) => ({
  message_id: messageId,
  position,
  account_id: account,
  number: phone === null ? 'bad' : `+49-${phone.slice(3)}`,
  phone,
  fields: JSON.stringify({ name: `n${position}` }),
  problem: phone === null ? 'not in the form' : null,
  price_micro: 0,
})

describe('messaggisms.com messages in the store', () => {
  let s: Store
  before(async () => {
    s = await openTestStore()
  })
  after(() => s.close())

  it('joins each recipient with the gateway message of its message and number, per account', async () => {
    const id = 'aaaaaaaaaaaaaaaaaaaaaaa1'
    await repo.insertMessaggiMessage(s.db, message(id))
    await repo.insertMessaggiRecipients(s.db, [
      recipient(id, 0, '+491701111111'),
      recipient(id, 1, '+491702222222'),
      recipient(id, 2, null),
    ])
    await insertSmsMany(s.db, [
      smsRow({
        uuid: testSmsUuid(1),
        phone: '+491701111111',
        facade_id: id,
        state: 'delivered',
        dlr_code: 1,
      }),
      // Another message's row to the same number, and another account's with the same facade id.
      smsRow({ uuid: testSmsUuid(2), phone: '+491702222222', facade_id: 'other' }),
      smsRow({ uuid: testSmsUuid(3), phone: '+491702222222', facade_id: id, account_id: 2 }),
    ])
    const rows = await repo.messaggiRecipientsOf(s.db, 1, [id])
    assert.deepEqual(
      rows.map((r) => [r.position, r.sms_uuid, r.state, r.dlr_code]),
      [
        [0, testSmsUuid(1), 'delivered', 1],
        [1, null, null, null],
        [2, null, null, null],
      ],
    )
    assert.deepEqual(await repo.messaggiRecipientsOf(s.db, 2, [id]), [], 'not for another account')
    const one = await repo.messaggiRecipientsOf(s.db, 1, [id], '+491702222222')
    assert.deepEqual(
      one.map((r) => r.position),
      [1],
    )
    assert.equal(await repo.nextRecipientPosition(s.db, id), 3)
    assert.equal(await repo.findMessaggiMessage(s.db, 2, id), undefined)
    assert.equal((await repo.findMessaggiMessage(s.db, 1, id))?.sender, 'Taube')
    assert.deepEqual(
      (await repo.smsOfMessaggiMessage(s.db, 1, id)).map((r) => r.uuid),
      [testSmsUuid(1)],
    )
  })

  it('lists newest first with paging; closes a transaction once', async () => {
    await repo.insertMessaggiMessage(
      s.db,
      message('bbbbbbbbbbbbbbbbbbbbbbb1', { account_id: 3, created_at: 5 }),
    )
    await repo.insertMessaggiMessage(
      s.db,
      message('bbbbbbbbbbbbbbbbbbbbbbb2', { account_id: 3, created_at: 6, transaction_open: 1 }),
    )
    const page = await repo.listMessaggiMessages(s.db, 3, { limit: 1, offset: 0 })
    assert.deepEqual(
      page.map((m) => m.id),
      ['bbbbbbbbbbbbbbbbbbbbbbb2'],
    )
    const next = await repo.listMessaggiMessages(s.db, 3, { limit: 5, offset: 1 })
    assert.deepEqual(
      next.map((m) => m.id),
      ['bbbbbbbbbbbbbbbbbbbbbbb1'],
    )
    assert.equal(await repo.closeMessaggiTransaction(s.db, 4, 'bbbbbbbbbbbbbbbbbbbbbbb2'), false)
    assert.equal(await repo.closeMessaggiTransaction(s.db, 3, 'bbbbbbbbbbbbbbbbbbbbbbb2'), true)
    assert.equal(await repo.closeMessaggiTransaction(s.db, 3, 'bbbbbbbbbbbbbbbbbbbbbbb2'), false)
  })

  it('moves only unsent messages of the account, keeping their validity span', async () => {
    await insertSmsMany(s.db, [
      smsRow({ uuid: testSmsUuid(10), account_id: 5, due_at: 1_000, valid_until: 5_000 }),
      smsRow({ uuid: testSmsUuid(11), account_id: 5, state: 'sent' }),
      smsRow({ uuid: testSmsUuid(12), account_id: 6 }),
    ])
    const moved = await repo.rescheduleUnsentSms(
      s.db,
      5,
      [testSmsUuid(10), testSmsUuid(11), testSmsUuid(12)],
      { dueAtMs: 9_000, deliveryAtS: 9, nowS: 1 },
    )
    assert.deepEqual(moved, [testSmsUuid(10)])
    const row = await s.db
      .selectFrom('sms')
      .select(['due_at', 'valid_until', 'delivery_at', 'state'])
      .where('uuid', '=', testSmsUuid(10))
      .executeTakeFirstOrThrow()
    assert.deepEqual(
      [Number(row.due_at), Number(row.valid_until), Number(row.delivery_at), row.state],
      [9_000, 13_000, 9, 'scheduled'],
    )
  })

  it('claims messages of a priority above 1.00 first, the highest first', async () => {
    await insertSmsMany(s.db, [
      smsRow({ uuid: testSmsUuid(20), account_id: 7, priority: 0, due_at: 1 }),
      smsRow({ uuid: testSmsUuid(21), account_id: 7, priority: 10, due_at: 1 }),
      smsRow({ uuid: testSmsUuid(22), account_id: 7, priority: -1, due_at: 50 }),
      smsRow({ uuid: testSmsUuid(23), account_id: 7, priority: -100, due_at: 60 }),
      smsRow({ uuid: testSmsUuid(24), account_id: 7, priority: -100, due_at: 10_000_000 }),
    ])
    const claimed = await claimDueMessages(s.db, s.dialect, {
      workerId: 'w',
      limit: 3,
      leaseMs: 1000,
      nowMs: 100,
    })
    // The urgent ones in their order; then single SMS (of this or an earlier case), never
    // bulk ones nor an urgent one not yet due.
    assert.deepEqual(
      claimed.slice(0, 2).map((c) => c.uuid),
      [testSmsUuid(23), testSmsUuid(22)],
    )
    assert.ok(![testSmsUuid(21), testSmsUuid(24)].includes(claimed[2]!.uuid))
  })

  it('keeps tokens per account, found by their hash', async () => {
    const row = {
      account_id: 8,
      key_id: 1,
      name: 'CRM',
      token_hash: 'h1',
      token_hint: 'mgs_abcd',
      scopes: '["messages:read"]',
      expires_at: null,
      created_at: 1,
    }
    const id = await tokens.insertMessaggiToken(s.db, row)
    assert.equal((await tokens.findMessaggiTokenByHash(s.db, 'h1'))?.name, 'CRM')
    assert.deepEqual((await tokens.listMessaggiTokens(s.db, 9)).length, 0)
    assert.equal(await tokens.deleteMessaggiToken(s.db, 9, id), false)
    assert.equal(await tokens.deleteMessaggiToken(s.db, 8, id), true)
    assert.equal(await tokens.findMessaggiTokenByHash(s.db, 'h1'), undefined)
  })
})
