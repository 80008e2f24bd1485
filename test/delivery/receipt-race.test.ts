// A carrier's receipt may arrive before the submit result that names its id is stored. Whichever
// commits first, the message ends delivered and no receipt is left waiting: on PostgreSQL the
// receipts commit in a group of their own, beside the one that records submit results. And a
// pending receipt applied after a final one of the same part does not undo it.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DlrIntake } from '../../src/delivery/dlr-intake.js'
import { isFinalState } from '../../src/domain/dlr/dlr-codes.js'
import { RECEIPT_STATES } from '../../src/domain/dlr/receipt-state.js'
import { markSentBatch } from '../../src/store/repositories/sent-batch.repository.js'
import { SentRecorder } from '../../src/delivery/sent-recorder.js'
import { insertSms } from '../../src/store/repositories/sms.repository.js'
import { smsRow, testSmsUuid } from '../helpers/sms-row.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

const WORKER = 'dispatcher-test'
const CONNECTOR = 'smsc'

describe('receipts that race their submit result', () => {
  let s: TestServer
  let intake: DlrIntake
  before(async () => {
    s = await startTestServer()
    intake = new DlrIntake(s.ctx.deps)
  })
  after(() => s.close())

  let n = 0
  /** A message claimed by WORKER and handed to the carrier, its result not stored yet. */
  async function submitting(parts = 1): Promise<string> {
    n++
    const uuid = testSmsUuid(n)
    await insertSms(s.ctx.deps.db, submittingRow(uuid, s.userId, parts))
    return uuid
  }
  /** What the dispatcher does with the carrier's answer. */
  let recorder: SentRecorder | undefined
  const recordSent = (uuid: string, ...carrierIds: string[]) =>
    (recorder ??= new SentRecorder(s.ctx.deps, WORKER, 100)).record({
      uuid,
      connectorId: CONNECTOR,
      routeId: 1,
      carrierIds,
      nowMs: s.clock.nowMs(),
    })
  const stateOf = async (uuids: string[]) =>
    (
      await s.ctx.deps.db
        .selectFrom('sms')
        .select(['uuid', 'state', 'dlr_code'])
        .where('uuid', 'in', uuids)
        .execute()
    )
      .sort((a, b) => a.uuid.localeCompare(b.uuid))
      .map((r) => `${r.state}/${r.dlr_code}`)
  const waiting = async () =>
    (await s.ctx.deps.db.selectFrom('pending_receipts').selectAll().execute()).length

  it('applies a receipt that came first once the submit result is stored', async () => {
    const uuid = await submitting()
    await intake.report(CONNECTOR, { carrierId: 'early-1', state: 'DELIVRD' })
    assert.equal(await waiting(), 1, 'kept for its submit result')
    await recordSent(uuid, 'early-1')
    assert.deepEqual(await stateOf([uuid]), ['delivered/1'])
    assert.equal(await waiting(), 0)
  })

  it('applies a receipt that came after the submit result at once', async () => {
    const uuid = await submitting()
    await recordSent(uuid, 'late-1')
    await intake.report(CONNECTOR, { carrierId: 'late-1', state: 'DELIVRD' })
    assert.deepEqual(await stateOf([uuid]), ['delivered/1'])
  })

  it('loses no receipt when both arrive at the same moment', async () => {
    const uuids: string[] = []
    for (let i = 0; i < 200; i++) uuids.push(await submitting())
    await Promise.all(
      uuids.flatMap((uuid, i) => {
        const carrierId = `same-${i}`
        const receipt = () => intake.report(CONNECTOR, { carrierId, state: 'DELIVRD' })
        const result = () => recordSent(uuid, carrierId)
        // Half with the receipt first, half with the result first.
        return i % 2 === 0 ? [receipt(), result()] : [result(), receipt()]
      }),
    )
    assert.deepEqual(
      await stateOf(uuids),
      uuids.map(() => 'delivered/1'),
    )
    assert.equal(await waiting(), 0)
  })

  it('lets a receipt for a result this process is storing wait for it instead of being kept', async () => {
    const uuid = testSmsUuid(500)
    await insertSms(s.ctx.deps.db, submittingRow(uuid, s.userId, 2))
    let store!: () => void
    const stored = new Promise<void>((resolve) => (store = resolve))
    // The carrier's receipt can be read in the same turn as the submit response, before the
    // dispatcher has heard of the response.
    const first = intake.report(CONNECTOR, { carrierId: 'rec-a', state: 'DELIVRD' })
    intake.recording(CONNECTOR, ['rec-a', 'rec-b'], stored)
    const receipts = Promise.all([
      first,
      intake.report(CONNECTOR, { carrierId: 'rec-b', state: 'DELIVRD' }),
    ])
    await new Promise((r) => setTimeout(r, 50))
    assert.equal(await waiting(), 0, 'nothing kept while the result is being stored')
    await recordSent(uuid, 'rec-a', 'rec-b')
    store()
    await receipts
    assert.deepEqual(await stateOf([uuid]), ['delivered/1'])
  })

  it('keeps that receipt as unknown when the result could not be stored', async () => {
    const failed = Promise.reject(new Error('commit failed'))
    intake.recording(CONNECTOR, ['lost-1'], failed)
    await intake.report(CONNECTOR, { carrierId: 'lost-1', state: 'DELIVRD' })
    const kept = await s.ctx.deps.db.selectFrom('pending_receipts').select('carrier_id').execute()
    assert.deepEqual(kept, [{ carrier_id: 'lost-1' }])
  })
})

describe('receipts applied out of order', () => {
  let s: TestServer
  let intake: DlrIntake
  before(async () => {
    s = await startTestServer()
    intake = new DlrIntake(s.ctx.deps)
  })
  after(() => s.close())

  let n = 1000
  async function sent(...carrierIds: string[]): Promise<string> {
    n++
    const uuid = testSmsUuid(n)
    await insertSms(s.ctx.deps.db, submittingRow(uuid, s.userId, carrierIds.length))
    const message = { uuid, connectorId: CONNECTOR, routeId: 1, carrierIds, nowMs: s.clock.nowMs() }
    await s.ctx.deps.groupCommit.run((trx) =>
      markSentBatch(trx, { workerId: WORKER, statusCode: 100, messages: [message] }),
    )
    return uuid
  }
  const report = (carrierId: string, state: (typeof RECEIPT_STATES)[number]) =>
    intake.report(CONNECTOR, { carrierId, state })
  const messageState = (uuid: string) =>
    s.ctx.deps.db
      .selectFrom('sms')
      .select(['state', 'dlr_code'])
      .where('uuid', '=', uuid)
      .executeTakeFirstOrThrow()
  const partState = async (carrierId: string) =>
    (
      await s.ctx.deps.db
        .selectFrom('sms_parts')
        .select('receipt_state')
        .where('carrier_id', '=', carrierId)
        .executeTakeFirstOrThrow()
    ).receipt_state

  it('keeps every final state of a part when a pending receipt comes after it', async () => {
    for (const state of RECEIPT_STATES.filter(isFinalState)) {
      // The parts of a long message keep their states for the roll-up.
      await sent(`final-${state}-a`, `final-${state}-b`)
      await report(`final-${state}-a`, state)
      await report(`final-${state}-a`, 'ENROUTE')
      assert.equal(await partState(`final-${state}-a`), state)
      // A message of one part keeps its outcome in the message itself.
      const uuid = await sent(`final-${state}`)
      await report(`final-${state}`, state)
      const outcome = await messageState(uuid)
      assert.notEqual(outcome.state, 'sent', `${state} settles the message`)
      await report(`final-${state}`, 'ENROUTE')
      assert.deepEqual(await messageState(uuid), outcome, state)
    }
    await sent('pending-1a', 'pending-1b')
    await report('pending-1a', 'ACCEPTD')
    await report('pending-1a', 'ENROUTE')
    assert.equal(await partState('pending-1a'), 'ENROUTE', 'a pending state follows another')
  })

  it('applies receipts for one id that come together as if they came one by one', async () => {
    const orders: (typeof RECEIPT_STATES)[number][][] = [
      ['DELIVRD', 'REJECTD'],
      ['REJECTD', 'DELIVRD'],
      ['ENROUTE', 'DELIVRD'],
      ['DELIVRD', 'ENROUTE'],
      ['ACCEPTD', 'ENROUTE', 'UNDELIV'],
    ]
    for (const states of orders) {
      const name = states.join('-')
      const oneByOne = await sent(`seq-${name}`)
      for (const state of states) await report(`seq-${name}`, state)
      // Reported in one turn, they are applied in one group commit.
      const together = await sent(`tog-${name}`)
      await Promise.all(states.map((state) => report(`tog-${name}`, state)))
      assert.deepEqual(await messageState(together), await messageState(oneByOne), name)
    }
  })

  it('delivers a long message whose part had a late pending receipt', async () => {
    const uuid = await sent('long-a', 'long-b')
    await report('long-a', 'DELIVRD')
    await report('long-a', 'ENROUTE')
    await report('long-b', 'DELIVRD')
    const m = await s.ctx.deps.db
      .selectFrom('sms')
      .select(['state', 'dlr_code'])
      .where('uuid', '=', uuid)
      .executeTakeFirstOrThrow()
    assert.deepEqual(m, { state: 'delivered', dlr_code: 1 })
  })
})

/** A message claimed by WORKER, its submit result not stored yet. */
function submittingRow(uuid: string, accountId: number, parts: number) {
  return smsRow({
    uuid,
    account_id: accountId,
    parts_count: parts,
    state: 'submitting',
    attempts: 1,
    lease_owner: WORKER,
    lease_expires_at: Number.MAX_SAFE_INTEGER,
  })
}
