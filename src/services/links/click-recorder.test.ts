import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import pino from 'pino'
import { openTestStore } from '../../../test/helpers/test-database.js'
import type { Store } from '../../store/db.js'
import { Outbox } from '../../events/outbox.js'
import { createIds } from '../../shared/ids.js'
import { systemClock } from '../../shared/clock.js'
import { ClickRecorder, type RawClick } from './click-recorder.js'

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
      { db: s.db, outbox, log },
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

  it('writes a full batch without waiting for the timer', async () => {
    const before = await count()
    const r = new ClickRecorder(
      { db: s.db, outbox, log },
      { flushMs: HOUR, batchRows: 5, maxBuffered: 1000 },
    )
    for (let i = 0; i < 5; i++) r.record(raw(i))
    await new Promise((resolve) => setTimeout(resolve, 0))
    await r.flush()
    assert.equal(await count(), before + 5)
    await r.stop()
  })

  it('drops clicks beyond its bound, and counts them', async () => {
    const before = await count()
    const r = new ClickRecorder(
      { db: s.db, outbox, log },
      { flushMs: HOUR, batchRows: 100, maxBuffered: 3 },
    )
    for (let i = 0; i < 5; i++) r.record(raw(i))
    assert.equal(r.pending, 3)
    assert.equal(r.dropped, 2)
    await r.stop()
    assert.equal(await count(), before + 3)
  })
})
