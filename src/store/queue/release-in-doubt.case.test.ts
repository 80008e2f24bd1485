import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { openTestStore } from '../../../test/helpers/test-database.js'
import { smsRow, testSmsUuid } from '../../../test/helpers/sms-row.js'
import { insertSms } from '../repositories/sms.repository.js'
import {
  forgetBatches,
  journalOnWire,
  pruneJournals,
} from '../repositories/wire-journal.repository.js'
import type { SmsRow } from '../tables/sms.table.js'
import { claimDueMessages, releaseLeases } from './claim.js'

// After a crash, which messages a dead dispatcher held wait in doubt and which go at once: only
// those it journaled as handed to a connector in their current attempt wait. Run against the
// dialect under test (TAUBE_TEST_DATABASE: SQLite, or PostgreSQL).

const NOW = 100_000
const WAIT = 60_000

let n = 0
function leased(owner: string, over: Partial<SmsRow> = {}): SmsRow {
  n++
  return smsRow({
    uuid: testSmsUuid(n),
    state: 'submitting',
    attempts: 1,
    lease_owner: owner,
    lease_expires_at: NOW - 1,
    due_at: 5_000 + n,
    ...over,
  })
}

describe('messages a dead dispatcher held, released after a crash', () => {
  it('only those journaled as on the wire in this attempt wait; the rest are due at once', async (t) => {
    const s = await openTestStore()
    t.after(() => s.close())
    const onWire = leased('dead')
    const neverSent = leased('dead')
    // Sent in attempt 1 (answered, requeued), claimed again, not handed over yet in attempt 2.
    const earlierAttempt = leased('dead', { attempts: 2 })
    // Journaled by another worker, but held by this one: another attempt of the message.
    const otherWorker = leased('dead-too')
    const secondBatch = leased('dead')
    const alive = leased('alive', { lease_expires_at: NOW + 30_000 })
    const rows = [onWire, neverSent, earlierAttempt, otherWorker, secondBatch, alive]
    for (const r of rows) await insertSms(s.db, r)
    await journalOnWire(s.db, {
      workerId: 'dead',
      seq: 1,
      entries: [
        [onWire.uuid, 1],
        [earlierAttempt.uuid, 1],
        [otherWorker.uuid, 1],
      ],
      nowMs: NOW,
    })
    await journalOnWire(s.db, {
      workerId: 'dead',
      seq: 2,
      entries: [[secondBatch.uuid, 1]],
      nowMs: NOW,
    })
    await journalOnWire(s.db, { workerId: 'alive', seq: 1, entries: [[alive.uuid, 1]], nowMs: NOW })

    assert.equal(await releaseLeases(s.db, { nowMs: NOW, inDoubtMs: WAIT }), 5)
    const after = await s.db
      .selectFrom('sms')
      .select(['uuid', 'state', 'due_at', 'in_doubt_until', 'lease_owner'])
      .orderBy('uuid')
      .execute()
    const byUuid = new Map(after.map((r) => [r.uuid, r]))
    for (const r of [onWire, secondBatch]) {
      const x = byUuid.get(r.uuid)!
      assert.deepEqual(
        [x.state, Number(x.due_at), Number(x.in_doubt_until), x.lease_owner],
        ['queued', NOW + WAIT, NOW + WAIT, null],
      )
    }
    for (const r of [neverSent, earlierAttempt, otherWorker]) {
      const x = byUuid.get(r.uuid)!
      assert.deepEqual(
        [x.state, Number(x.due_at), x.in_doubt_until, x.lease_owner],
        ['queued', r.due_at, null, null],
      )
    }
    assert.equal(byUuid.get(alive.uuid)!.state, 'submitting', 'a live lease is kept')

    const claim = (nowMs: number) =>
      claimDueMessages(s.db, s.dialect, { workerId: 'new', limit: 100, leaseMs: 30_000, nowMs })
    const now = (await claim(NOW)).map((r) => r.uuid).sort()
    assert.deepEqual(
      now,
      [neverSent.uuid, earlierAttempt.uuid, otherWorker.uuid].sort(),
      'sent again at once',
    )
    const later = (await claim(NOW + WAIT)).map((r) => r.uuid).sort()
    assert.deepEqual(later, [onWire.uuid, secondBatch.uuid].sort(), 'after the wait in doubt')

    // The dead worker holds nothing now: its journal goes; the live one's stays.
    assert.equal(await pruneJournals(s.db), 2)
    const left = await s.db.selectFrom('wire_journal').select(['worker_id', 'seq']).execute()
    assert.deepEqual(left, [{ worker_id: 'alive', seq: 1 }])
  })

  it('without a wait in doubt every released message is due at once', async (t) => {
    const s = await openTestStore()
    t.after(() => s.close())
    const a = leased('gone')
    await insertSms(s.db, a)
    await journalOnWire(s.db, { workerId: 'gone', seq: 1, entries: [[a.uuid, 1]], nowMs: NOW })
    assert.equal(await releaseLeases(s.db, { nowMs: NOW, inDoubtMs: 0 }), 1)
    const x = await s.db
      .selectFrom('sms')
      .select(['due_at', 'in_doubt_until'])
      .executeTakeFirstOrThrow()
    assert.deepEqual([Number(x.due_at), x.in_doubt_until], [a.due_at, null])
  })

  it('at start a single process releases every lease, journaled ones into doubt', async (t) => {
    const s = await openTestStore()
    t.after(() => s.close())
    const [sent, held] = [
      leased('previous', { lease_expires_at: NOW + 20_000 }),
      leased('previous', { lease_expires_at: NOW + 20_000 }),
    ]
    for (const r of [sent, held]) await insertSms(s.db, r)
    await journalOnWire(s.db, {
      workerId: 'previous',
      seq: 7,
      entries: [[sent.uuid, 1]],
      nowMs: NOW,
    })
    assert.equal(await releaseLeases(s.db, { nowMs: NOW, all: true, inDoubtMs: WAIT }), 2)
    const claimed = await claimDueMessages(s.db, s.dialect, {
      workerId: 'w',
      limit: 10,
      leaseMs: 1,
      nowMs: NOW,
    })
    assert.deepEqual(
      claimed.map((r) => r.uuid),
      [held.uuid],
    )
  })

  it('a settled batch is forgotten: its messages no longer wait if held again', async (t) => {
    const s = await openTestStore()
    t.after(() => s.close())
    const a = leased('w')
    await insertSms(s.db, a)
    await journalOnWire(s.db, { workerId: 'w', seq: 1, entries: [[a.uuid, 1]], nowMs: NOW })
    await journalOnWire(s.db, { workerId: 'w', seq: 2, entries: [['other', 1]], nowMs: NOW })
    await forgetBatches(s.db, { workerId: 'w', seqs: [1] })
    const left = await s.db.selectFrom('wire_journal').select('seq').execute()
    assert.deepEqual(
      left.map((r) => r.seq),
      [2],
    )
    await releaseLeases(s.db, { nowMs: NOW, inDoubtMs: WAIT })
    const x = await s.db.selectFrom('sms').select('in_doubt_until').executeTakeFirstOrThrow()
    assert.equal(x.in_doubt_until, null)
  })
})
