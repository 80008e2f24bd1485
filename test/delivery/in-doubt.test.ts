// After a crash, messages the dead worker had claimed wait in doubt: a receipt nobody can place
// that matches one (handset and text) shows the carrier took it, so it is not sent again; the
// others are sent again once the wait is over.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { applyKeptReceiptsInDoubt, DlrIntake } from '../../src/delivery/dlr-intake.js'
import { claimDueMessages, releaseLeases } from '../../src/store/queue/claim.js'
import { CompiledQuery } from 'kysely'
import { ANY_IN_DOUBT, inDoubtQuery } from '../../src/store/repositories/in-doubt.repository.js'
import { bound } from '../../src/store/statement.js'
import { insertSms } from '../../src/store/repositories/sms.repository.js'
import { journalOnWire } from '../../src/store/repositories/wire-journal.repository.js'
import type { SmsRow } from '../../src/store/tables/sms.table.js'
import { smsRow, testSmsUuid } from '../helpers/sms-row.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

const DEAD = 'dispatcher-dead'
const CONNECTOR = 'smsc'
const WAIT_MS = 60_000
const HANDSET = '+491701234567'

describe('messages in doubt after a crash', () => {
  let s: TestServer
  let intake: DlrIntake
  before(async () => {
    s = await startTestServer()
    intake = new DlrIntake(s.ctx.deps)
  })
  after(() => s.close())

  let n = 0
  /**
   * A message the dead worker claimed and, unless `held`, journaled as handed to its connector;
   * its lease has run out.
   */
  async function leftByDeadWorker(over: Partial<SmsRow> = {}, held = false): Promise<string> {
    n++
    const uuid = testSmsUuid(n)
    await insertSms(
      s.ctx.deps.db,
      smsRow({
        uuid,
        account_id: s.userId,
        phone: HANDSET,
        state: 'submitting',
        attempts: 1,
        lease_owner: DEAD,
        lease_expires_at: s.clock.nowMs() - 1,
        ...over,
      }),
    )
    if (!held) {
      await journalOnWire(s.ctx.deps.db, {
        workerId: DEAD,
        seq: n,
        entries: [[uuid, 1]],
        nowMs: s.clock.nowMs(),
      })
    }
    return uuid
  }
  const get = (uuid: string) =>
    s.ctx.deps.db
      .selectFrom('sms')
      .select(['state', 'dlr_code', 'is_sent', 'status_code', 'carrier_message_id', 'connector_id'])
      .where('uuid', '=', uuid)
      .executeTakeFirstOrThrow()
  const release = (inDoubtMs: number) =>
    releaseLeases(s.ctx.deps.db, { nowMs: s.clock.nowMs(), inDoubtMs })
  const claim = async () =>
    (
      await claimDueMessages(s.ctx.deps.db, s.ctx.deps.dialect, {
        workerId: 'dispatcher-alive',
        limit: 100,
        leaseMs: 30_000,
        nowMs: s.clock.nowMs(),
      })
    ).map((r) => r.uuid)
  const pendingReceipts = async () =>
    (await s.ctx.deps.db.selectFrom('pending_receipts').select('carrier_id').execute()).map(
      (r) => r.carrier_id,
    )

  it('a matching receipt settles the message and it is never sent again; the rest is sent after the wait', async () => {
    const taken = await leftByDeadWorker({ text: 'in doubt one' })
    const notTaken = await leftByDeadWorker({ text: 'in doubt two' })
    assert.equal(await release(WAIT_MS), 2)
    assert.deepEqual(await claim(), [], 'nothing is sent again while in doubt')

    await intake.report(CONNECTOR, {
      carrierId: 'c-1',
      state: 'DELIVRD',
      handset: HANDSET,
      text: 'in doubt one',
    })
    assert.deepEqual(await get(taken), {
      state: 'delivered',
      dlr_code: 1,
      is_sent: 1,
      status_code: 100,
      carrier_message_id: 'c-1',
      connector_id: CONNECTOR,
    })
    // Another text, another handset: no message of its own, so it is kept for a later submit.
    await intake.report(CONNECTOR, {
      carrierId: 'c-2',
      state: 'DELIVRD',
      handset: HANDSET,
      text: 'something else',
    })
    await intake.report(CONNECTOR, {
      carrierId: 'c-3',
      state: 'DELIVRD',
      handset: '+491709999999',
      text: 'in doubt two',
    })
    assert.equal((await get(notTaken)).state, 'queued')
    assert.deepEqual((await pendingReceipts()).sort(), ['c-2', 'c-3'])

    s.clock.advance(WAIT_MS)
    assert.deepEqual(await claim(), [notTaken], 'the one nobody reported on is sent again')
    // Once it is being sent again, a late receipt of the first attempt settles nothing.
    await intake.report(CONNECTOR, {
      carrierId: 'c-4',
      state: 'DELIVRD',
      handset: HANDSET,
      text: 'in doubt two',
    })
    assert.equal((await get(notTaken)).state, 'submitting')
  })

  it('a long message is settled part by part, whichever part is reported first', async () => {
    const text = 'Part one is exactly here. '.repeat(7) // 2 parts: 153 + 29 characters
    const long = await leftByDeadWorker({ text, chars_count: text.length, parts_count: 2 })
    await release(WAIT_MS)
    const second = text.slice(153, 173).trimEnd()
    await intake.report(CONNECTOR, {
      carrierId: 'p-2',
      state: 'DELIVRD',
      handset: HANDSET,
      text: second,
    })
    assert.deepEqual(
      { ...(await get(long)) },
      {
        state: 'sent',
        dlr_code: 2,
        is_sent: 1,
        status_code: 100,
        carrier_message_id: null,
        connector_id: CONNECTOR,
      },
    )
    await intake.report(CONNECTOR, {
      carrierId: 'p-1',
      state: 'DELIVRD',
      handset: HANDSET,
      text: text.slice(0, 20),
    })
    const m = await get(long)
    assert.deepEqual([m.state, m.dlr_code, m.carrier_message_id], ['delivered', 1, 'p-1'])
    s.clock.advance(WAIT_MS)
    assert.deepEqual(await claim(), [])
  })

  it('a receipt that came before the lease ran out settles the message once it is in doubt', async () => {
    const phone = '+491705550001'
    const early = await leftByDeadWorker({ phone, text: 'came first' })
    const other = await leftByDeadWorker({ phone, text: 'never reported' })
    // Without the '+', as an SMSC may write it.
    await intake.report(CONNECTOR, {
      carrierId: 'e-1',
      state: 'DELIVRD',
      handset: '491705550001',
      text: 'came first',
    })
    assert.ok((await pendingReceipts()).includes('e-1'), 'kept: nothing is in doubt yet')
    await release(WAIT_MS)
    const applied = await s.ctx.deps.groupCommit.run((trx) =>
      applyKeptReceiptsInDoubt(trx, s.ctx.deps.outbox, s.clock.nowMs()),
    )
    assert.ok(applied >= 1)
    const m = await get(early)
    assert.deepEqual([m.state, m.dlr_code, m.carrier_message_id], ['delivered', 1, 'e-1'])
    assert.equal((await get(other)).state, 'queued')
    assert.ok(!(await pendingReceipts()).includes('e-1'), 'taken once applied')
    s.clock.advance(WAIT_MS)
    const claimed = await claim()
    assert.ok(claimed.includes(other) && !claimed.includes(early))
  })

  it('looks messages in doubt up in their own small index, not among all of the handset', async () => {
    const db = s.ctx.deps.db
    const plans = []
    for (const textStart of [undefined, 'cluster 1']) {
      const c = inDoubtQuery(db, {
        phone: HANDSET,
        nowMs: 1,
        ...(textStart ? { textStart } : {}),
      }).compile()
      plans.push(await planOf(c.sql, c.parameters))
    }
    const any = bound(db, ANY_IN_DOUBT, { nowMs: 1 })
    plans.push(await planOf(any.sql, any.parameters))
    for (const plan of plans) assert.match(plan, /sms_in_doubt/, plan)
    if (s.ctx.deps.dialect === 'sqlite') {
      assert.deepEqual(plans, [
        'SEARCH sms USING INDEX sms_in_doubt (phone=?)',
        'SEARCH sms USING INDEX sms_in_doubt (phone=?)',
        'SCAN sms USING INDEX sms_in_doubt',
      ])
    }
  })

  async function planOf(sqlText: string, parameters: readonly unknown[]): Promise<string> {
    const db = s.ctx.deps.db
    if (s.ctx.deps.dialect === 'sqlite') {
      const r = await db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${sqlText}`, [...parameters]),
      )
      return r.rows.map((x) => x.detail).join(' | ')
    }
    // With sequential scans off: whether the partial index can serve the query at all.
    return db.transaction().execute(async (trx) => {
      await trx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'))
      const r = await trx.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`explain ${sqlText}`, [...parameters]),
      )
      return r.rows.map((x) => x['QUERY PLAN'].trim()).join(' | ')
    })
  }

  it('a message the dead worker held but never handed to a connector is due at once', async () => {
    const phone = '+491705550002'
    const held = await leftByDeadWorker({ phone, text: 'never left' }, true)
    const sent = await leftByDeadWorker({ phone, text: 'on the wire' })
    await release(WAIT_MS)
    assert.deepEqual((await claim()).sort(), [held], 'only what may have reached the carrier waits')
    // A receipt naming its text settles nothing: it cannot be this message's.
    await intake.report(CONNECTOR, {
      carrierId: 'h-1',
      state: 'DELIVRD',
      handset: phone,
      text: 'never left',
    })
    assert.equal((await get(held)).state, 'submitting')
    assert.equal((await get(sent)).state, 'queued')
    s.clock.advance(WAIT_MS)
    assert.deepEqual(await claim(), [sent])
  })

  it('without a wait, released messages are due at once and no receipt settles them', async () => {
    const uuid = await leftByDeadWorker({ text: 'no wait' })
    assert.ok((await release(0)) >= 1)
    await intake.report(CONNECTOR, {
      carrierId: 'w-1',
      state: 'DELIVRD',
      handset: HANDSET,
      text: 'no wait',
    })
    assert.equal((await get(uuid)).state, 'queued')
    assert.ok((await claim()).includes(uuid))
  })
})
