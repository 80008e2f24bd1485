// Short links in the messages sent: the campaign placeholder [link:CODE], performance tracking
// of every web address (LOX24's extension field and seven.io's performance_tracking), one link
// per recipient (extended) or one for all (simple) in bulks, and characters, parts and price of
// the text as sent, dryruns included.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createCampaign } from '../../src/services/links/manage-campaigns.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { postJson, sevenKey } from '../helpers/seven.js'
import { waitFor } from '../helpers/wait-for.js'

const BASE = 'https://t.example/'
const LINK = /https:\/\/t\.example\/([0-9A-Za-z]{8})/g
/** 160 GSM characters with the address written out; far fewer with a short link instead. */
const LONG_URL = `https://shop.example.com/spring-sale/${'a'.repeat(120)}`

describe('links in messages', () => {
  let s: TestServer

  const links = (text: string) => [...text.matchAll(LINK)].map((m) => m[1]!)
  const rowsOf = (where: { sms?: string; bulk?: string }) => {
    let q = s.ctx.deps.db.selectFrom('short_links').selectAll()
    if (where.sms) q = q.where('sms_uuid', '=', where.sms)
    if (where.bulk) q = q.where('bulk_uuid', '=', where.bulk)
    return q.orderBy('code').execute()
  }
  const campaign = (type: 1 | 2, url = 'https://cafe.example/menu') =>
    createCampaign(s.ctx.deps, s.userId, { type, name: `Type ${type}`, url, group_id: null })
  const send = (body: object, path = '/sms') =>
    s.request(path, {
      token: s.token,
      body: { sender_id: 'Cafe', phone: '+491701110001', ...body },
    })
  const bulk = async (body: object, path = '/bulks') => {
    const r = await s.request(path, {
      token: s.token,
      body: {
        sender_id: 'Cafe',
        phones: ['+491702220001', '+491702220002', '+491702220003'],
        ...body,
      },
    })
    assert.equal(r.status, 201, r.text)
    return r.body
  }
  const smsOfBulk = async (uuid: string) => {
    await waitFor(`bulk ${uuid} done`, async () => {
      const b = (await s.request(`/bulks/${uuid}`, { token: s.token })).body
      return b.status_code === 100 ? b : undefined
    })
    const r = await s.request(`/sms?bulk=${uuid}&_order[created_at]=asc`, { token: s.token })
    return r.body['hydra:member'] as {
      uuid: string
      phone: string
      text: string
      chars_count: number
      parts_count: number
      price: number
    }[]
  }

  before(async () => {
    s = await startTestServer({ shortBaseUrl: BASE }, { bulks: { idleMs: 20 } })
  })
  after(async () => {
    await s?.close()
  })

  it('replaces [link:CODE] by the campaign’s short link, and counts the text as sent', async () => {
    const c = await campaign(1)
    const r = await send({ text: `Our menu: [link:${c.id}]` })
    assert.equal(r.status, 201, r.text)
    const text = `Our menu: ${BASE}${c.id}`
    assert.equal(r.body.text, text)
    assert.equal(r.body.chars_count, text.length)
    // A simple campaign's link is its own: nothing is issued per message.
    assert.deepEqual(await rowsOf({ sms: r.body.uuid }), [])
  })

  it('refuses a placeholder that names no campaign of the account', async () => {
    const r = await send({ text: 'See [link:Nope1234]' })
    assert.equal(r.status, 422, r.text)
    assert.match(r.text, /"propertyPath":"text"/)
    assert.match(r.text, /\[link:Nope1234\]: no short-link campaign of the account has this code/)
  })

  it('gives a type-2 campaign one link per message, with its sms id and phone', async () => {
    const c = await campaign(2)
    const r = await send({ text: `Menu [link:${c.id}] and again [link:${c.id}]` })
    assert.equal(r.status, 201, r.text)
    const [code, again] = links(r.body.text)
    assert.equal(code, again, 'one link per message for the same campaign')
    assert.notEqual(code, c.id)
    const [row] = await rowsOf({ sms: r.body.uuid })
    assert.equal(row?.code, code)
    assert.equal(row?.campaign_code, c.id)
    assert.equal(row?.phone, '+491701110001')
  })

  it('with performance tracking, shortens every address: parts and price of the text as sent', async () => {
    const text = `Spring sale: ${LONG_URL}. Also www.cafe.example!`
    const plain = await send({ text })
    assert.equal(plain.status, 201, plain.text)
    assert.equal(plain.body.text, text, 'without tracking the text is sent as written')
    assert.equal(plain.body.parts_count, 2)

    const tracked = await send({ text, performance_tracking: 1 })
    assert.equal(tracked.status, 201, tracked.text)
    const [a, b] = links(tracked.body.text)
    assert.equal(tracked.body.text, `Spring sale: ${BASE}${a}. Also ${BASE}${b}!`)
    assert.equal(tracked.body.chars_count, tracked.body.text.length)
    assert.equal(tracked.body.parts_count, 1)
    assert.equal(tracked.body.price, 0.075)
    const rows = await rowsOf({ sms: tracked.body.uuid })
    assert.deepEqual(
      rows.map((x) => [x.code, x.url, x.type, x.phone]).sort(),
      [
        [a, LONG_URL, 1, null],
        [b, 'https://www.cafe.example', 1, null],
      ].sort(),
    )
  })

  it('shows the text as sent in a dryrun, with stand-in codes, and issues nothing', async () => {
    const before = (await s.ctx.deps.db.selectFrom('short_links').select('code').execute()).length
    const r = await send({ text: `Sale: ${LONG_URL}`, performance_tracking: 2 }, '/sms/dryrun')
    assert.equal(r.status, 201, r.text)
    assert.equal(r.body.text, `Sale: ${BASE}00000000`)
    assert.equal(r.body.parts_count, 1)
    assert.equal(r.body.chars_count, r.body.text.length)
    const afterwards = (await s.ctx.deps.db.selectFrom('short_links').select('code').execute())
      .length
    assert.equal(afterwards, before)
  })

  it('gives each recipient of a bulk its own link with extended tracking', async () => {
    const b = await bulk({ text: `Sale: ${LONG_URL}`, performance_tracking: 2 })
    assert.equal(b.msg_total_cost, 0.225, 'three recipients, one part each')
    const sms = await smsOfBulk(b.uuid)
    assert.equal(sms.length, 3)
    const codes = sms.map((m) => links(m.text)[0]!)
    assert.equal(new Set(codes).size, 3, 'one link per recipient')
    for (const m of sms) {
      assert.equal(m.parts_count, 1)
      assert.equal(m.chars_count, m.text.length)
    }
    const rows = await rowsOf({ bulk: b.uuid })
    assert.deepEqual(
      rows.map((r) => [r.code, r.sms_uuid, r.phone, r.url, r.type]).sort(),
      sms.map((m) => [links(m.text)[0], m.uuid, m.phone, LONG_URL, 2]).sort(),
    )
  })

  it('gives a bulk one link for all with simple tracking', async () => {
    const b = await bulk({ text: `Sale: ${LONG_URL}`, performance_tracking: 1 })
    const sms = await smsOfBulk(b.uuid)
    const codes = new Set(sms.map((m) => links(m.text)[0]))
    assert.equal(codes.size, 1)
    const rows = await rowsOf({ bulk: b.uuid })
    assert.equal(rows.length, 1)
    assert.equal(rows[0]!.phone, null)
    assert.equal(rows[0]!.code, [...codes][0])
    assert.equal(rows[0]!.url, LONG_URL)
  })

  it('gives each recipient of a bulk its own link of a type-2 campaign', async () => {
    const c = await campaign(2)
    const b = await bulk({ text: `Menu: [link:${c.id}]` })
    const sms = await smsOfBulk(b.uuid)
    const rows = await rowsOf({ bulk: b.uuid })
    assert.equal(rows.length, 3)
    assert.ok(rows.every((r) => r.campaign_code === c.id && r.phone !== null))
    assert.deepEqual(
      sms.map((m) => m.text).sort(),
      rows.map((r) => `Menu: ${BASE}${r.code}`).sort(),
    )
  })

  it('prices a bulk dryrun on the text as sent and shows it with stand-in codes', async () => {
    const b = await bulk({ text: `Sale: ${LONG_URL}`, performance_tracking: 2 }, '/bulks/dryrun')
    assert.equal(b.text, `Sale: ${BASE}00000000`)
    assert.equal(b.msg_total_cost, 0.225)
    assert.deepEqual(await rowsOf({ bulk: b.uuid }), [])
  })

  it('wires seven.io’s performance_tracking: one link per recipient', async () => {
    const key = await sevenKey(s, s.userId)
    const r = await postJson(s, key, {
      to: '+491703330001,+491703330002',
      text: `Sale: ${LONG_URL}`,
      from: 'Cafe',
      performance_tracking: 1,
    })
    assert.equal(r.status, 200, r.text)
    assert.equal(r.body.success, '100', r.text)
    assert.deepEqual(
      r.body.messages.map((m: { parts: number }) => m.parts),
      [1, 1],
    )
    // The answer shows each text as sent.
    for (const m of r.body.messages as { text: string }[]) {
      assert.match(m.text, /^Sale: https:\/\/t\.example\/[0-9A-Za-z]{8}$/)
    }
    const stored = await s.ctx.deps.db
      .selectFrom('sms')
      .select(['uuid', 'phone', 'text'])
      .where('phone', 'in', ['+491703330001', '+491703330002'])
      .execute()
    assert.equal(stored.length, 2)
    const codes = stored.map((m) => links(m.text ?? '')[0])
    assert.equal(new Set(codes).size, 2)
    for (const m of stored) {
      const [row] = await rowsOf({ sms: m.uuid })
      assert.equal(row?.phone, m.phone)
      assert.equal(row?.url, LONG_URL)
    }
  })
})
