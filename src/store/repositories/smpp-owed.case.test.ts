import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { openTestStore } from '../../../test/helpers/test-database.js'
import { smsRow, testSmsUuid } from '../../../test/helpers/sms-row.js'
import type { Store } from '../db.js'
import type { MessageState } from '../../domain/message/status.js'
import { insertSmsMany } from './sms.repository.js'
import { insertIncoming } from './incoming.repository.js'
import {
  claimSmppReceipts,
  deferWaitingReceipts,
  dueReceiptsQuery,
  insertSmppReceipts,
  markSmppReceiptsSent,
  RECHECK_MAX_MS,
  releaseSmppReceipts,
} from './smpp-receipt.repository.js'
import { claimSmppMo, insertSmppMo, releaseSmppMo } from './smpp-mo.repository.js'

// What the SMPP server owes its ESMEs, claimed under leases by several SMPP processes, against a
// real database of the dialect under test (TAUBE_TEST_DATABASE: SQLite, or PostgreSQL).
const LEASE = 60_000
const NOW = 1_000_000_000_000
const NOW_S = NOW / 1000

let n = 0
async function receipts(
  s: Store,
  count: number,
  o: { state?: MessageState; createdAtS?: number; account?: number } = {},
): Promise<string[]> {
  const uuids = Array.from({ length: count }, () => testSmsUuid(5000 + ++n))
  const account = o.account ?? 1
  await insertSmsMany(
    s.db,
    uuids.map((uuid) => smsRow({ uuid, account_id: account, state: o.state ?? 'delivered' })),
  )
  await insertSmppReceipts(
    s.db,
    uuids.map((sms_uuid) => ({
      sms_uuid,
      account_id: account,
      mode: 1,
      created_at: o.createdAtS ?? NOW_S,
    })),
  )
  return uuids
}

const claim = (
  s: Store,
  owner: string,
  o: { limit?: number; nowMs?: number; accounts?: number[] } = {},
) =>
  claimSmppReceipts(s.db, s.dialect, {
    accountIds: o.accounts ?? [1],
    limit: o.limit ?? 100,
    owner,
    nowMs: o.nowMs ?? NOW,
    leaseMs: LEASE,
  })

const ids = (rows: { sms: { uuid: string } }[]) => rows.map((r) => r.sms.uuid).sort()

async function withStore(fn: (s: Store) => Promise<void>): Promise<void> {
  const s = await openTestStore()
  try {
    await fn(s)
  } finally {
    await s.close()
  }
}

describe('store: receipts owed to SMPP receivers, claimed under leases', () => {
  it('gives each receipt to one of several claims running at once', () =>
    withStore(async (s) => {
      const all = await receipts(s, 300)
      const claims = await Promise.all(
        ['a', 'b', 'c', 'd', 'e'].map((owner) => claim(s, owner, { limit: 80 })),
      )
      const taken = claims.flatMap(ids)
      assert.equal(new Set(taken).size, taken.length, 'no receipt claimed twice')
      // SKIP LOCKED may leave a claim short while another holds rows; a second round takes the rest.
      const rest = ids(await claim(s, 'f', { limit: 300 }))
      assert.deepEqual([...taken, ...rest].sort(), all.sort())
    }))

  it('takes only the given accounts, and only messages in a final state', () =>
    withStore(async (s) => {
      const final = await receipts(s, 2)
      await receipts(s, 2, { state: 'sent' })
      await receipts(s, 2, { account: 2 })
      assert.deepEqual(ids(await claim(s, 'a')), final.sort())
    }))

  it('leaves a leased receipt alone until its lease ends, then lets another owner take it', () =>
    withStore(async (s) => {
      const [one] = await receipts(s, 1)
      assert.equal((await claim(s, 'a')).length, 1)
      assert.equal((await claim(s, 'b', { nowMs: NOW + LEASE - 1 })).length, 0)
      assert.deepEqual(ids(await claim(s, 'b', { nowMs: NOW + LEASE })), [one])
    }))

  it('gives back what its owner could not send, and only its owner can', () =>
    withStore(async (s) => {
      const [one] = await receipts(s, 1)
      await claim(s, 'a')
      await releaseSmppReceipts(s.db, [one!], 'b')
      assert.equal((await claim(s, 'b')).length, 0, 'another owner cannot end the lease')
      await releaseSmppReceipts(s.db, [one!], 'a')
      assert.deepEqual(ids(await claim(s, 'b')), [one])
    }))

  it('never hands out a receipt marked sent, lease over or not', () =>
    withStore(async (s) => {
      const [one] = await receipts(s, 1)
      await claim(s, 'a')
      await markSmppReceiptsSent(s.db, [one!], NOW_S)
      await releaseSmppReceipts(s.db, [one!], 'a')
      assert.equal((await claim(s, 'b', { nowMs: NOW + 10 * LEASE })).length, 0)
    }))

  it('puts off receipts long waiting for their report by a quarter of their age, at most the cap', () =>
    withStore(async (s) => {
      const young = await receipts(s, 1, { state: 'sent', createdAtS: NOW_S - 5 })
      const minute = await receipts(s, 1, { state: 'sent', createdAtS: NOW_S - 60 })
      const day = await receipts(s, 1, { state: 'sent', createdAtS: NOW_S - 86_400 })
      await receipts(s, 1, { createdAtS: NOW_S - 60 }) // final: not put off
      const put = await deferWaitingReceipts(s.db, s.dialect, {
        accountIds: [1],
        nowMs: NOW,
        olderThanS: 10,
        limit: 100,
      })
      assert.equal(put, 2)
      const checkAt = async (uuid: string) =>
        Number(
          (
            await s.db
              .selectFrom('smpp_receipts')
              .select('check_at')
              .where('sms_uuid', '=', uuid)
              .executeTakeFirstOrThrow()
          ).check_at,
        )
      assert.equal(await checkAt(young[0]!), 0)
      assert.equal(await checkAt(minute[0]!), NOW + 15_000)
      assert.equal(await checkAt(day[0]!), NOW + RECHECK_MAX_MS)
      // Its report arrives: the receipt goes at its next look, not before.
      await s.db
        .updateTable('sms')
        .set({ state: 'delivered' })
        .where('uuid', '=', minute[0]!)
        .execute()
      const before = ids(await claim(s, 'a', { nowMs: NOW + 14_999 }))
      assert.ok(!before.includes(minute[0]!))
      assert.ok(ids(await claim(s, 'a', { nowMs: NOW + 15_000 })).includes(minute[0]!))
    }))

  it('reads the partial index of untaken receipts (SQLite) and locks only them (PostgreSQL)', () =>
    withStore(async (s) => {
      const q = dueReceiptsQuery(s.db, s.dialect, { accountIds: [1, 2], limit: 10, nowMs: NOW })
      const compiled = q.compile()
      if (s.dialect === 'sqlite') {
        const plan = await s.db.executeQuery<{ detail: string }>({
          ...compiled,
          sql: `explain query plan ${compiled.sql}`,
        })
        assert.match(plan.rows.map((r) => r.detail).join('\n'), /smpp_receipts_due/)
      } else {
        assert.match(compiled.sql, /for update of "r" skip locked$/)
      }
    }))
})

describe('store: inbound SMS owed to SMPP receivers, claimed under leases', () => {
  it('gives each to one claim, in arrival order, and back to the queue when released', () =>
    withStore(async (s) => {
      const uuids: string[] = []
      for (let i = 0; i < 50; i++) {
        const row = await insertIncoming(s.db, {
          uuid: testSmsUuid(9000 + i),
          account_id: 1,
          inbound_number_id: null,
          connector_id: null,
          from_addr: '+491701234567',
          to_addr: '+4930123456',
          text: `mo ${i}`,
          msg_uuid: null,
          received_at: NOW,
        })
        await insertSmppMo(s.db, { incoming_uuid: row.uuid, account_id: 1, created_at: NOW_S })
        uuids.push(row.uuid)
      }
      const o = { accountIds: [1], limit: 20, nowMs: NOW, leaseMs: LEASE }
      const claims = await Promise.all(
        ['a', 'b', 'c'].map((owner) => claimSmppMo(s.db, s.dialect, { ...o, owner })),
      )
      const taken = claims.flatMap((c) => c.map((m) => m.uuid))
      assert.equal(new Set(taken).size, taken.length, 'no inbound SMS claimed twice')
      for (const c of claims) {
        const order = c.map((m) => uuids.indexOf(m.uuid))
        assert.deepEqual(
          order,
          [...order].sort((x, y) => x - y),
          'oldest first',
        )
      }
      await releaseSmppMo(
        s.db,
        claims[0]!.map((m) => m.uuid),
        'a',
      )
      const again = await claimSmppMo(s.db, s.dialect, { ...o, owner: 'd', limit: 100 })
      assert.deepEqual(
        [
          ...taken.filter((u) => !claims[0]!.some((m) => m.uuid === u)),
          ...again.map((m) => m.uuid),
        ].sort(),
        [...uuids].sort(),
      )
    }))
})
