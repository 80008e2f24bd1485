// Concatenated inbound SMS are joined in the store: parts survive a restart, a repeated part
// counts once, parts of different links never mix, and a message whose rest never comes is
// stored as it came after five minutes.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import pino from 'pino'
import { createContext, type AppContext } from '../../src/app/context.js'
import { loadConfig } from '../../src/config/load.js'
import { encodeGsm7, encodeUcs2 } from '../../src/domain/encoding/gsm7.js'
import {
  MO_REASSEMBLY_MS,
  receiveMo,
  sweepMoParts,
  type InboundSms,
} from '../../src/services/incomings/receive-mo.js'
import { FixedClock } from '../helpers/fixed-clock.js'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js'

describe('inbound SMS parts', () => {
  let database: TestDatabase
  const clock = new FixedClock()
  const open = () =>
    createContext(loadConfig({}, { databaseUrl: database.url, logLevel: 'silent' }), {
      clock,
      log: pino({ level: 'silent' }),
    })
  let ctx: AppContext
  before(async () => {
    database = await createTestDatabase()
    ctx = await open()
  })
  after(async () => {
    await ctx.lifecycle.stopAll()
    await database.drop()
  })

  const part = (
    ref: number,
    total: number,
    seq: number,
    body: Uint8Array,
    over: Partial<InboundSms> = {},
  ): InboundSms => ({
    connectorId: 'smsc',
    from: '+491761112233',
    to: '+4915790000001',
    content: { dataCoding: 0, body },
    concat: { ref, total, seq },
    ...over,
  })
  const count = async () =>
    Number(
      (
        await ctx.deps.db
          .selectFrom('incomings')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('keeps an acknowledged part across a restart and joins it with the rest', async () => {
    const before = await count()
    assert.equal(await receiveMo(ctx.deps, part(7, 2, 2, encodeGsm7(' world'))), null)
    await ctx.lifecycle.stopAll()
    ctx = await open()
    const row = await receiveMo(ctx.deps, part(7, 2, 1, encodeGsm7('Hello')))
    assert.equal(row?.text, 'Hello world')
    assert.equal(await count(), before + 1)
    assert.equal(
      (await ctx.deps.db.selectFrom('mo_parts').selectAll().execute()).length,
      0,
      'parts are removed',
    )
  })

  it('counts a repeated part once', async () => {
    assert.equal(await receiveMo(ctx.deps, part(8, 3, 1, encodeGsm7('a'))), null)
    assert.equal(await receiveMo(ctx.deps, part(8, 3, 1, encodeGsm7('a'))), null)
    assert.equal(await receiveMo(ctx.deps, part(8, 3, 2, encodeGsm7('b'))), null)
    assert.equal((await receiveMo(ctx.deps, part(8, 3, 3, encodeGsm7('c'))))?.text, 'abc')
  })

  it('joins UCS-2 bytes before decoding, so a character split across parts survives', async () => {
    const bytes = encodeUcs2('Ja 😀!')
    // Split inside the surrogate pair of the emoji.
    const cut = 8
    assert.equal(
      await receiveMo(
        ctx.deps,
        part(9, 2, 1, bytes.subarray(0, cut), {
          content: { dataCoding: 8, body: bytes.subarray(0, cut) },
        }),
      ),
      null,
    )
    const row = await receiveMo(
      ctx.deps,
      part(9, 2, 2, bytes.subarray(cut), { content: { dataCoding: 8, body: bytes.subarray(cut) } }),
    )
    assert.equal(row?.text, 'Ja 😀!')
  })

  it('does not mix parts of the same reference from another link or sender', async () => {
    assert.equal(await receiveMo(ctx.deps, part(10, 2, 1, encodeGsm7('A1'))), null)
    assert.equal(
      await receiveMo(ctx.deps, part(10, 2, 2, encodeGsm7('B2'), { connectorId: 'other' })),
      null,
    )
    assert.equal(
      await receiveMo(ctx.deps, part(10, 2, 2, encodeGsm7('C2'), { from: '+491760000000' })),
      null,
    )
    assert.equal((await receiveMo(ctx.deps, part(10, 2, 2, encodeGsm7('A2'))))?.text, 'A1A2')
  })

  it('stores what came of a message whose rest never arrived, after five minutes', async () => {
    assert.equal(await receiveMo(ctx.deps, part(11, 3, 1, encodeGsm7('only '))), null)
    assert.equal(await receiveMo(ctx.deps, part(11, 3, 3, encodeGsm7('this'))), null)
    clock.advance(MO_REASSEMBLY_MS - 1000)
    const before = await count()
    // The two other messages left waiting above belong to other links and senders.
    assert.equal(await sweepMoParts(ctx.deps), 0)
    clock.advance(2000)
    assert.equal(await sweepMoParts(ctx.deps), 3)
    const texts = (
      await ctx.deps.db
        .selectFrom('incomings')
        .select('text')
        .orderBy('id', 'desc')
        .limit(3)
        .execute()
    ).map((r) => r.text)
    assert.ok(texts.includes('only this'), texts.join('|'))
    assert.ok(texts.includes('B2') && texts.includes('C2'))
    assert.equal(await count(), before + 3)
    assert.equal((await ctx.deps.db.selectFrom('mo_concat').selectAll().execute()).length, 0)
  })

  it('takes text from HTTP carriers part by part as well', async () => {
    assert.equal(
      await receiveMo(ctx.deps, {
        ...part(12, 2, 1, new Uint8Array()),
        content: { text: 'Grüße ' },
      }),
      null,
    )
    const row = await receiveMo(ctx.deps, {
      ...part(12, 2, 2, new Uint8Array()),
      content: { text: 'aus 😀' },
    })
    assert.equal(row?.text, 'Grüße aus 😀')
  })
})
