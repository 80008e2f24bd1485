import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import pino from 'pino'
import { openTestStore } from '../../../test/helpers/test-database.js'
import type { Store } from '../../store/db.js'
import { Outbox } from '../../events/outbox.js'
import { createIds } from '../../shared/ids.js'
import { systemClock } from '../../shared/clock.js'
import { ClickRecorder, type RawClick } from './click-recorder.js'
import { ClickWriter } from './click-writer.js'

// The write-behind of clicks: nothing reaches the store on record(); batches do, and stop()
// writes what is held. The buffer is bounded.
const HOUR = 3_600_000

function raw(i: number): RawClick {
  return {
    link: {
      code: 'AbCdEf12',
      accountId: 1,
      campaignCode: null,
      smsUuid: null,
      bulkUuid: null,
      phone: null,
      type: 1,
    },
    url: 'https://a.example/',
    atMs: 1_700_000_000_000 + i * 1000,
    ip: i % 2 === 0 ? '8.8.8.8' : '127.0.0.1',
    userAgent:
      i % 3 === 0 ? 'WhatsApp/2.23.20.0 A' : 'Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0',
    referer: '',
  }
}

describe('ClickRecorder', () => {
  let s: Store
  const outbox = new Outbox({ ids: createIds(), clock: systemClock }, 1)
  const log = pino({ level: 'silent' })
  const count = async () =>
    Number(
      (
        await s.db
          .selectFrom('link_clicks')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  before(async () => {
    s = await openTestStore()
  })
  after(() => s.close())

  it('holds clicks in memory and writes them all on stop', async () => {
    const r = new ClickRecorder(
      { sink: new ClickWriter({ db: s.db, outbox }), log },
      { flushMs: HOUR, batchRows: 7, maxBuffered: 1000 },
    )
    for (let i = 0; i < 6; i++) r.record(raw(i))
    assert.equal(r.pending, 6)
    assert.equal(await count(), 0, 'nothing written on the request path')
    await r.stop()
    assert.equal(r.pending, 0)
    assert.equal(await count(), 6)
    const rows = await s.db.selectFrom('link_clicks').selectAll().orderBy('id').execute()
    assert.deepEqual(
      rows.map((x) => [x.bot, x.country, x.date]),
      [0, 1, 2, 3, 4, 5].map((i) => [
        i % 3 === 0 ? 1 : 0,
        i % 2 === 0 ? 'US' : null,
        1_700_000_000 + i,
      ]),
    )
    assert.equal(rows[1]!.browser, 'Firefox')
  })

  it('writes what it holds on its tick, in batches of at most batchRows', async () => {
    const before = await count()
    const r = new ClickRecorder(
      { sink: new ClickWriter({ db: s.db, outbox }), log },
      { flushMs: 20, batchRows: 2, maxBuffered: 1000 },
    )
    for (let i = 0; i < 5; i++) r.record(raw(i))
    assert.equal(await count(), before, 'nothing written on the request path')
    // A batch leaves `pending` when it is taken, before its write commits.
    await waitUntil(async () => r.pending === 0 && (await count()) === before + 5)
    assert.equal(r.pending, 0)
    assert.equal(await count(), before + 5)
    await r.stop()
  })

  it('keeps a batch the store refused and writes it on a later tick', async () => {
    const before = await count()
    let refusals = 1
    const writer = new ClickWriter({ db: s.db, outbox })
    const sink = {
      write: (batch: RawClick[]) =>
        refusals-- > 0 ? Promise.reject(new Error('database is locked')) : writer.write(batch),
    }
    const r = new ClickRecorder({ sink, log }, { flushMs: 20, batchRows: 10, maxBuffered: 1000 })
    for (let i = 0; i < 3; i++) r.record(raw(i))
    await r.flush()
    assert.equal(r.pending, 3, 'the refused batch is held again')
    assert.equal(await count(), before)
    await waitUntil(async () => r.pending === 0 && (await count()) === before + 3)
    assert.equal(await count(), before + 3, 'written after the retry wait')
    await r.stop()
  })

  it('drops clicks beyond its bound, and counts them', async () => {
    const before = await count()
    const r = new ClickRecorder(
      { sink: new ClickWriter({ db: s.db, outbox }), log },
      { flushMs: HOUR, batchRows: 100, maxBuffered: 3 },
    )
    for (let i = 0; i < 5; i++) r.record(raw(i))
    assert.equal(r.pending, 3)
    assert.equal(r.dropped, 2)
    await r.stop()
    assert.equal(await count(), before + 3)
  })

  it('hands batches to a sink that keeps them without waiting for each, and counts what it lost', async () => {
    const taken: { batch: RawClick[]; settle: (ok: boolean) => void }[] = []
    const sink = {
      keepsBatches: true,
      write: (batch: RawClick[]) =>
        new Promise<{ deliveries: number }>((resolve, reject) => {
          taken.push({
            batch,
            settle: (ok) => (ok ? resolve({ deliveries: 1 }) : reject(new Error('thread ended'))),
          })
        }),
    }
    let wakes = 0
    const r = new ClickRecorder(
      { sink, log, deliveriesRecorded: () => wakes++ },
      { flushMs: 10, batchRows: 2, maxBuffered: 6 },
    )
    for (let i = 0; i < 5; i++) r.record(raw(i))
    const until = Date.now() + 5000
    while (taken.length < 3 && Date.now() < until) await new Promise((x) => setTimeout(x, 5))
    assert.deepEqual(
      taken.map((t) => t.batch.length),
      [2, 2, 1],
      'all three batches handed over while none is written',
    )
    assert.equal(r.pending, 5, 'handed over and not yet written')
    r.record(raw(5))
    r.record(raw(6))
    assert.equal(r.dropped, 1, 'the bound counts clicks handed over')
    taken[0]!.settle(true)
    taken[1]!.settle(false)
    taken[2]!.settle(true)
    while (taken.length < 4 && Date.now() < until) await new Promise((x) => setTimeout(x, 5))
    taken[3]!.settle(true)
    await r.stop()
    assert.deepEqual([r.written, r.dropped, wakes, r.pending], [4, 3, 3, 0])
  })
})

async function waitUntil(done: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + 5000
  while (!(await done()) && Date.now() < until) await new Promise((x) => setTimeout(x, 10))
}
