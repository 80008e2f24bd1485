import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

// GET /sms over real HTTP (spec §4, §7.1, §7.2): one server, one known data set, every filter.

type Row = { uuid: string; created_at: number; key_id: number; price: number; ip: string }

let server: TestServer
let otherToken = ''
let secondKeyToken = ''
const rows = new Map<string, Row>() // r1…r7 of the main account, o1…o3 of another
const pageIds: string[] = [] // p0…p34 in send order (created_at T0+0 … T0+34)
let T0 = 0
let mainStart = 0 // created_at of r1
const DAY = 86_400
const gateway = { r2: 0, r5: 0, r1: 0 }
const RANDOM_UUID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'
const PAGE_RUN = 'page-run'
const UNICODE_CH = 'Grüezi – schön, dass Sie da sind! '.repeat(3) // en dash: UCS-2, 102 chars
const GSM_200 = 'Lorem ipsum dolor sit amet. '.repeat(8).slice(0, 200)
const GSM_400 = 'Lorem ipsum dolor sit amet. '.repeat(15).slice(0, 400)

function row(name: string): Row {
  const r = rows.get(name)
  if (!r) throw new Error(`no row ${name}`)
  return r
}
const id = (name: string) => row(name).uuid
const ids = (...names: string[]) => names.map(id)
const at = (name: string) => row(name).created_at
const pages = (from: number, to: number) => pageIds.slice(from, to + 1)

async function send(
  name: string | null,
  body: Record<string, unknown>,
  opts: { token?: string; ip?: string; stepMs?: number } = {},
): Promise<Row> {
  const res = await server.request('/sms', {
    token: opts.token ?? server.token,
    body: { sender_id: 'Taube', ...body },
    ...(opts.ip === undefined ? {} : { headers: { 'X-Forwarded-For': opts.ip } }),
  })
  assert.equal(res.status, 201, res.text)
  const r: Row = {
    uuid: res.body.uuid,
    created_at: res.body.created_at,
    key_id: res.body.key_id,
    price: res.body.price,
    ip: res.body.ip,
  }
  if (name !== null) rows.set(name, r)
  server.clock.advance(opts.stepMs ?? 60_000)
  return r
}

async function list(query: string, token = server.token): Promise<any> {
  const res = await server.request(`/sms${query === '' ? '' : `?${query}`}`, { token })
  assert.equal(res.status, 200, `GET /sms?${query}: ${res.status} ${res.text}`)
  for (const m of res.body['hydra:member']) {
    assert.equal(m['@context'], '/contexts/sms')
    assert.equal(m['@id'], `/sms/${m.uuid}`)
    assert.equal(m['@type'], 'sms')
  }
  return res.body
}

const uuidsOf = (body: any): string[] => body['hydra:member'].map((m: { uuid: string }) => m.uuid)
const sorted = (a: string[]) => [...a].sort()

/** The exact set of uuids a query returns (all on page 1), and that the total agrees. */
async function expectSet(query: string, expected: string[], token?: string): Promise<void> {
  assert.ok(expected.length <= 30, 'a set test must fit on one page')
  const body = await list(query, token)
  assert.deepEqual(sorted(uuidsOf(body)), sorted(expected), `?${query}`)
  assert.equal(body['hydra:totalItems'], expected.length, `hydra:totalItems of ?${query}`)
}

// The data set (main account unless noted; created_at rises in this order, r1 = mainStart):
//   p0…p34  FR, callback page-run, created_at T0…T0+34
//   r1  DE +491701234567 'Hello World'   Taube       src 100 cb-alpha  sent, dlr 1, gw +3000
//   o1  (other account) same as r1
//   r2  DE +491709876543 '… 50% off'     ACME Bank   src 200 cb-beta   economy, sent, dlr 16, gw +1000
//   r3  CH unicode, 2 parts               +4179…      src 300 cb-alpha  ip 203.0.113.7, status 410
//   r4  AT unicode 'Привет мир'           Taube       src 50  economy   ip 203.0.113.7, at T0+1d
//   o2  (other account) like r4
//   r5  US GSM 200 chars, 2 parts         SHOP                          ip 198.51.100.23, sent, gw +2000
//   r6  DE +491701111111 'hello again'    taube news  second key        at T0+2d
//   r7  GB GSM 400 chars, 3 parts         Info        src 300 second key
//   o3  (other account) GB 'Taube hello'
before(async () => {
  server = await startTestServer()
  T0 = server.clock.nowS()
  const other = await server.createAccount()
  otherToken = other.token
  const key = await server.admin(`/admin/accounts/${server.userId}/keys`, {
    body: { name: 'second' },
  })
  assert.equal(key.status, 201, key.text)
  secondKeyToken = key.body.auth_header

  // 35 messages one second apart for pagination: created_at T0 … T0+34.
  for (let i = 0; i < 35; i++) {
    const r = await send(
      null,
      {
        phone: `+3361234${String(i).padStart(4, '0')}`,
        text: `Page ${i} of the pagination run`,
        sender_id: 'PageRun',
        callback_data: PAGE_RUN,
      },
      { stepMs: 1000 },
    )
    pageIds.push(r.uuid)
  }
  server.clock.advance(100_000)

  await send('r1', {
    phone: '+491701234567',
    text: 'Hello World',
    source: 100,
    callback_data: 'cb-alpha',
    service_code: 'direct',
  })
  mainStart = at('r1')
  await send(
    'o1',
    { phone: '+491701234567', text: 'Hello World', callback_data: 'cb-alpha' },
    { token: otherToken },
  )
  await send('r2', {
    phone: '+491709876543',
    text: 'Your code is 1234, 50% off',
    sender_id: 'ACME Bank',
    source: 200,
    callback_data: 'cb-beta',
    service_code: 'economy',
  })
  await send(
    'r3',
    {
      phone: '+41791234567',
      text: UNICODE_CH,
      sender_id: '+41791112233',
      source: 300,
      callback_data: 'cb-alpha',
    },
    { ip: '203.0.113.7' },
  )
  await send(
    'r4',
    {
      phone: '+436641234567',
      text: 'Привет мир',
      source: 50,
      service_code: 'economy',
      delivery_at: T0 + DAY,
    },
    { ip: '203.0.113.7' },
  )
  await send(
    'o2',
    { phone: '+436641234567', text: 'Привет мир', source: 50 },
    { token: otherToken, ip: '203.0.113.7' },
  )
  await send(
    'r5',
    { phone: '+14155552671', text: GSM_200, sender_id: 'SHOP' },
    { ip: '198.51.100.23' },
  )
  await send(
    'r6',
    {
      phone: '+491701111111',
      text: 'hello again',
      sender_id: 'taube news',
      delivery_at: T0 + 2 * DAY,
    },
    { token: secondKeyToken },
  )
  await send(
    'r7',
    { phone: '+447400123456', text: GSM_400, sender_id: 'Info', source: 300 },
    { token: secondKeyToken },
  )
  await send(
    'o3',
    { phone: '+447400123456', text: 'Taube hello', source: 300, delivery_at: T0 + DAY },
    { token: otherToken },
  )

  // What the delivery engine would set; it does not exist yet, so write the columns directly.
  gateway.r2 = mainStart + 1000
  gateway.r5 = mainStart + 2000
  gateway.r1 = mainStart + 3000
  const db = server.ctx.deps.db
  const sent = [
    ['r2', 16, gateway.r2, 'rejected'],
    ['r5', 1, gateway.r5, 'delivered'],
    ['r1', 1, gateway.r1, 'delivered'],
  ] as const
  for (const [name, dlr, gw, state] of sent) {
    await db
      .updateTable('sms')
      .set({ is_sent: 1, status_code: 100, dlr_code: dlr, gateway_sent_at: gw, state })
      .where('uuid', '=', id(name))
      .execute()
  }
  await db
    .updateTable('sms')
    .set({ status_code: 410, state: 'cancelled' })
    .where('uuid', '=', id('r3'))
    .execute()
})

after(async () => {
  await server?.close()
})

describe('GET /sms: the data set', () => {
  it('stored what the filters below rely on', () => {
    assert.equal(pageIds.length, 35)
    assert.equal(at('r1'), T0 + 35 + 100)
    assert.equal(row('r3').ip, '203.0.113.7')
    assert.equal(row('r5').ip, '198.51.100.23')
    assert.notEqual(row('r1').ip, '203.0.113.7')
    assert.notEqual(row('r6').key_id, row('r1').key_id)
    assert.deepEqual(
      ['r4', 'r3', 'r7'].map((n) => row(n).price),
      [0.075, 0.15, 0.225],
    )
    const times = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'].map(at)
    assert.deepEqual(
      times,
      [...new Set(times)].sort((x, y) => x - y),
    )
  })

  it("lists the account's own SMS only: 7 + 35, never those of another account", async () => {
    const p1 = await list('')
    const p2 = await list('page=2')
    assert.equal(p1['hydra:totalItems'], 42)
    assert.equal(p1['hydra:member'].length, 30)
    assert.equal(p2['hydra:member'].length, 12)
    const all = [...uuidsOf(p1), ...uuidsOf(p2)]
    assert.deepEqual(
      sorted(all),
      sorted([...ids('r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'), ...pageIds]),
    )
    for (const o of ['o1', 'o2', 'o3']) assert.ok(!all.includes(id(o)), o)
  })

  it('the other account sees exactly its own three', async () => {
    await expectSet('', ids('o1', 'o2', 'o3'), otherToken)
    await expectSet('text=hello', ids('o1', 'o3'), otherToken)
    await expectSet(`uuid=${id('r1')}`, [], otherToken)
  })

  it('a member carries the fields the delivery engine set', async () => {
    const body = await list(`uuid=${id('r2')}`)
    const m = body['hydra:member'][0]
    assert.equal(m.uuid, id('r2'))
    assert.equal(m.is_sent, true)
    assert.equal(m.status_code, 100)
    assert.equal(m.dlr_code, 16)
    assert.equal(m.gateway_sent_at, gateway.r2)
    assert.equal(m.service_code, 'economy')
    assert.equal(m.iso2, 'DE')
    assert.equal(m.source, 200)
  })
})

type SetCase = { title: string; query: () => string; expect: () => string[] }

const FILTER_CASES: SetCase[] = [
  // partial: phone, text, sender_id, ip (case-insensitive, LIKE characters literal)
  { title: 'phone=4917 (partial)', query: () => 'phone=4917', expect: () => ids('r1', 'r2', 'r6') },
  {
    title: 'phone=+41 (the + encoded)',
    query: () => `phone=${encodeURIComponent('+41')}`,
    expect: () => ids('r3'),
  },
  { title: 'phone=9999 matches nothing', query: () => 'phone=9999', expect: () => [] },
  {
    title: 'text=hello (case-insensitive)',
    query: () => 'text=hello',
    expect: () => ids('r1', 'r6'),
  },
  {
    title: 'text=HELLO (case-insensitive)',
    query: () => 'text=HELLO',
    expect: () => ids('r1', 'r6'),
  },
  { title: 'text=World', query: () => 'text=World', expect: () => ids('r1') },
  { title: 'text=% is a literal percent sign', query: () => 'text=%25', expect: () => ids('r2') },
  { title: 'text=_ is a literal underscore', query: () => 'text=_', expect: () => [] },
  {
    title: 'text with non-ASCII characters (same case)',
    query: () => `text=${encodeURIComponent('schön')}`,
    expect: () => ids('r3'),
  },
  {
    title: 'sender_id=taube (case-insensitive)',
    query: () => 'sender_id=taube',
    expect: () => ids('r1', 'r4', 'r6'),
  },
  { title: 'sender_id=BANK', query: () => 'sender_id=BANK', expect: () => ids('r2') },
  {
    title: 'sender_id=4179 (numeric sender)',
    query: () => 'sender_id=4179',
    expect: () => ids('r3'),
  },
  {
    title: 'ip=203.0.113 (X-Forwarded-For)',
    query: () => 'ip=203.0.113',
    expect: () => ids('r3', 'r4'),
  },
  { title: 'ip=198.51.100.23', query: () => 'ip=198.51.100.23', expect: () => ids('r5') },
  // exact: uuid, iso2, dlr_code, status_code, key_id, callback_data, bulk
  { title: 'uuid=<r3>', query: () => `uuid=${id('r3')}`, expect: () => ids('r3') },
  {
    title: 'uuid in upper case',
    query: () => `uuid=${id('r3').toUpperCase()}`,
    expect: () => ids('r3'),
  },
  {
    title: 'uuid[]=<r1>&uuid[]=<r5>',
    query: () => `uuid[]=${id('r1')}&uuid[]=${id('r5')}`,
    expect: () => ids('r1', 'r5'),
  },
  {
    title: 'uuid=<r1>&uuid=<r5> (repeated scalar)',
    query: () => `uuid=${id('r1')}&uuid=${id('r5')}`,
    expect: () => ids('r1', 'r5'),
  },
  { title: 'uuid of another account', query: () => `uuid=${id('o1')}`, expect: () => [] },
  { title: 'uuid that does not exist', query: () => `uuid=${RANDOM_UUID}`, expect: () => [] },
  {
    title: 'iso2[]=CH&iso2[]=AT',
    query: () => 'iso2[]=CH&iso2[]=AT',
    expect: () => ids('r3', 'r4'),
  },
  {
    title: 'iso2%5B%5D=CH&iso2%5B%5D=AT (brackets percent-encoded)',
    query: () => 'iso2%5B%5D=CH&iso2%5B%5D=AT',
    expect: () => ids('r3', 'r4'),
  },
  { title: 'iso2=US', query: () => 'iso2=US', expect: () => ids('r5') },
  { title: 'iso2=GB', query: () => 'iso2=GB', expect: () => ids('r7') },
  {
    title: 'iso2=FR&created_at[lte]=T0+1',
    query: () => `iso2=FR&created_at[lte]=${T0 + 1}`,
    expect: () => pages(0, 1),
  },
  { title: 'dlr_code=16', query: () => 'dlr_code=16', expect: () => ids('r2') },
  {
    title: 'dlr_code[]=1&dlr_code[]=16',
    query: () => 'dlr_code[]=1&dlr_code[]=16',
    expect: () => ids('r1', 'r2', 'r5'),
  },
  { title: 'status_code=410', query: () => 'status_code=410', expect: () => ids('r3') },
  {
    title: 'status_code[]=100&status_code[]=410',
    query: () => 'status_code[]=100&status_code[]=410',
    expect: () => ids('r1', 'r2', 'r3', 'r5'),
  },
  {
    title: 'key_id=<second key>',
    query: () => `key_id=${row('r6').key_id}`,
    expect: () => ids('r6', 'r7'),
  },
  {
    title: 'key_id[]=<second key>',
    query: () => `key_id[]=${row('r6').key_id}`,
    expect: () => ids('r6', 'r7'),
  },
  {
    title: 'key_id of another account',
    query: () => `key_id=${row('o1').key_id}`,
    expect: () => [],
  },
  {
    title: 'callback_data=cb-alpha',
    query: () => 'callback_data=cb-alpha',
    expect: () => ids('r1', 'r3'),
  },
  {
    title: 'callback_data[]=cb-alpha&callback_data[]=cb-beta',
    query: () => 'callback_data[]=cb-alpha&callback_data[]=cb-beta',
    expect: () => ids('r1', 'r2', 'r3'),
  },
  {
    title: 'callback_data=cb- is exact, not partial',
    query: () => 'callback_data=cb-',
    expect: () => [],
  },
  { title: 'bulk=<uuid> (no bulks)', query: () => `bulk=${RANDOM_UUID}`, expect: () => [] },
  { title: 'bulk[]=<uuid> (no bulks)', query: () => `bulk[]=${RANDOM_UUID}`, expect: () => [] },
  // boolean
  { title: 'is_sent=true', query: () => 'is_sent=true', expect: () => ids('r1', 'r2', 'r5') },
  { title: 'is_sent=1', query: () => 'is_sent=1', expect: () => ids('r1', 'r2', 'r5') },
  { title: 'sent=1 (alias)', query: () => 'sent=1', expect: () => ids('r1', 'r2', 'r5') },
  {
    title: 'sent=0 (alias), among the main rows',
    query: () => `sent=0&created_at[gte]=${mainStart}`,
    expect: () => ids('r3', 'r4', 'r6', 'r7'),
  },
  {
    title: 'is_sent=false, among the main rows',
    query: () => `is_sent=false&created_at[gte]=${mainStart}`,
    expect: () => ids('r3', 'r4', 'r6', 'r7'),
  },
  { title: 'is_unicode=true', query: () => 'is_unicode=true', expect: () => ids('r3', 'r4') },
  {
    title: 'is_unicode=0, among the main rows',
    query: () => `is_unicode=0&created_at[gte]=${mainStart}`,
    expect: () => ids('r1', 'r2', 'r5', 'r6', 'r7'),
  },
  // range and exact on created_at
  {
    title: 'created_at[gte]=<r5>',
    query: () => `created_at[gte]=${at('r5')}`,
    expect: () => ids('r5', 'r6', 'r7'),
  },
  {
    title: 'created_at[gt]=<r5>',
    query: () => `created_at[gt]=${at('r5')}`,
    expect: () => ids('r6', 'r7'),
  },
  {
    title: 'created_at[lt]=T0+3 (exclusive)',
    query: () => `created_at[lt]=${T0 + 3}`,
    expect: () => pages(0, 2),
  },
  {
    title: 'created_at[lte]=T0+3 (inclusive)',
    query: () => `created_at[lte]=${T0 + 3}`,
    expect: () => pages(0, 3),
  },
  {
    title: 'created_at[between]=<r2>..<r4> includes both bounds',
    query: () => `created_at[between]=${at('r2')}..${at('r4')}`,
    expect: () => ids('r2', 'r3', 'r4'),
  },
  {
    title: 'created_at[between] within the pagination run',
    query: () => `created_at[between]=${T0 + 10}..${T0 + 12}`,
    expect: () => pages(10, 12),
  },
  {
    title: 'created_at=<r3> (exact)',
    query: () => `created_at=${at('r3')}`,
    expect: () => ids('r3'),
  },
  {
    title: 'created_at[]=<r1>&created_at[]=<r7>',
    query: () => `created_at[]=${at('r1')}&created_at[]=${at('r7')}`,
    expect: () => ids('r1', 'r7'),
  },
  // counts
  {
    title: 'chars_count[gt]=160',
    query: () => 'chars_count[gt]=160',
    expect: () => ids('r5', 'r7'),
  },
  {
    title: 'chars_count[gt]=200 (exclusive)',
    query: () => 'chars_count[gt]=200',
    expect: () => ids('r7'),
  },
  {
    title: 'chars_count=11 (scalar = exact)',
    query: () => 'chars_count=11',
    expect: () => ids('r1', 'r6'),
  },
  {
    title: 'parts_count=2 (scalar = exact)',
    query: () => 'parts_count=2',
    expect: () => ids('r3', 'r5'),
  },
  { title: 'parts_count[gte]=3', query: () => 'parts_count[gte]=3', expect: () => ids('r7') },
  {
    title: 'parts_count[]=2&parts_count[]=3',
    query: () => 'parts_count[]=2&parts_count[]=3',
    expect: () => ids('r3', 'r5', 'r7'),
  },
  // source
  { title: 'source[lte]=100', query: () => 'source[lte]=100', expect: () => ids('r1', 'r4') },
  {
    title: 'source=300 (scalar = exact)',
    query: () => 'source=300',
    expect: () => ids('r3', 'r7'),
  },
  {
    title: 'source[between]=100..200',
    query: () => 'source[between]=100..200',
    expect: () => ids('r1', 'r2'),
  },
  { title: 'source[gt]=200', query: () => 'source[gt]=200', expect: () => ids('r3', 'r7') },
  // delivery_at and gateway_sent_at
  {
    title: 'delivery_at=<T0+1d> (exact)',
    query: () => `delivery_at=${T0 + DAY}`,
    expect: () => ids('r4'),
  },
  {
    title: 'delivery_at[]=<T0+1d>&delivery_at[]=<T0+2d>',
    query: () => `delivery_at[]=${T0 + DAY}&delivery_at[]=${T0 + 2 * DAY}`,
    expect: () => ids('r4', 'r6'),
  },
  {
    title: 'delivery_at[gt]=0 (scheduled)',
    query: () => 'delivery_at[gt]=0',
    expect: () => ids('r4', 'r6'),
  },
  {
    title: 'gateway_sent_at=<r2> (scalar = exact)',
    query: () => `gateway_sent_at=${gateway.r2}`,
    expect: () => ids('r2'),
  },
  {
    title: 'gateway_sent_at[gte]=<r5>',
    query: () => `gateway_sent_at[gte]=${gateway.r5}`,
    expect: () => ids('r5', 'r1'),
  },
  {
    title: 'gateway_sent_at[between]=<r2>..<r5>',
    query: () => `gateway_sent_at[between]=${gateway.r2}..${gateway.r5}`,
    expect: () => ids('r2', 'r5'),
  },
  // AND across parameters
  {
    title: 'phone=4917&sender_id=taube',
    query: () => 'phone=4917&sender_id=taube',
    expect: () => ids('r1', 'r6'),
  },
  { title: 'iso2=DE&is_sent=1', query: () => 'iso2=DE&is_sent=1', expect: () => ids('r1', 'r2') },
  {
    title: 'is_unicode=1&ip=203.0.113&delivery_at[gt]=0',
    query: () => 'is_unicode=1&ip=203.0.113&delivery_at[gt]=0',
    expect: () => ids('r4'),
  },
  {
    title: 'callback_data=cb-alpha&iso2=DE&source[lte]=100',
    query: () => 'callback_data=cb-alpha&iso2=DE&source[lte]=100',
    expect: () => ids('r1'),
  },
  { title: 'text=hello&is_sent=0', query: () => 'text=hello&is_sent=0', expect: () => ids('r6') },
  {
    title: 'created_at[gte] and created_at[lt] together',
    query: () => `created_at[gte]=${at('r2')}&created_at[lt]=${at('r4')}`,
    expect: () => ids('r2', 'r3'),
  },
  {
    title: 'an unknown parameter among filters changes nothing',
    query: () => 'iso2=US&foo=bar',
    expect: () => ids('r5'),
  },
]

describe('GET /sms filters (exact set of uuids)', () => {
  for (const c of FILTER_CASES) {
    it(c.title, () => expectSet(c.query(), c.expect()))
  }

  it('bulk_id=<uuid> (alias of bulk) matches nothing', () =>
    expectSet(`bulk_id=${RANDOM_UUID}`, []))

  it('partial text is case-insensitive beyond ASCII too (SCHÖN finds schön)', () =>
    expectSet(`text=${encodeURIComponent('SCHÖN')}`, ids('r3')))
})

describe('GET /sms order', () => {
  const ORDER_CASES: { title: string; query: () => string; expect: () => string[] }[] = [
    {
      title: 'default: created_at descending',
      query: () => `created_at[gte]=${mainStart}`,
      expect: () => ids('r7', 'r6', 'r5', 'r4', 'r3', 'r2', 'r1'),
    },
    {
      title: '_order[created_at]=desc',
      query: () => `created_at[gte]=${mainStart}&_order[created_at]=desc`,
      expect: () => ids('r7', 'r6', 'r5', 'r4', 'r3', 'r2', 'r1'),
    },
    {
      title: '_order[created_at]=asc',
      query: () => `created_at[gte]=${mainStart}&_order[created_at]=asc`,
      expect: () => ids('r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'),
    },
    {
      title: '_order[created_at]= (empty) means asc',
      query: () => `created_at[gte]=${mainStart}&_order[created_at]=`,
      expect: () => ids('r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'),
    },
    {
      title: '_order[gateway_sent_at]=desc',
      query: () => 'is_sent=1&_order[gateway_sent_at]=desc',
      expect: () => ids('r1', 'r5', 'r2'),
    },
    {
      title: '_order[gateway_sent_at]=asc',
      query: () => 'is_sent=1&_order[gateway_sent_at]=asc',
      expect: () => ids('r2', 'r5', 'r1'),
    },
    {
      title: 'two orders apply in query order: gateway_sent_at desc, then created_at asc',
      query: () =>
        `created_at[gte]=${mainStart}&_order[gateway_sent_at]=desc&_order[created_at]=asc`,
      expect: () => ids('r1', 'r5', 'r2', 'r3', 'r4', 'r6', 'r7'),
    },
    {
      title: 'two orders apply in query order: created_at asc first decides alone',
      query: () =>
        `created_at[gte]=${mainStart}&_order[created_at]=asc&_order[gateway_sent_at]=desc`,
      expect: () => ids('r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'),
    },
    {
      title: '_order[price]=asc',
      query: () => `uuid[]=${id('r3')}&uuid[]=${id('r4')}&uuid[]=${id('r7')}&_order[price]=asc`,
      expect: () => ids('r4', 'r3', 'r7'),
    },
    {
      title: '_order[price]=desc',
      query: () => `uuid[]=${id('r3')}&uuid[]=${id('r4')}&uuid[]=${id('r7')}&_order[price]=desc`,
      expect: () => ids('r7', 'r3', 'r4'),
    },
  ]
  for (const c of ORDER_CASES) {
    it(c.title, async () => {
      const body = await list(c.query())
      assert.deepEqual(uuidsOf(body), c.expect())
    })
  }
})

describe('GET /sms pagination (30 per page)', () => {
  const q = `callback_data=${PAGE_RUN}`

  it('page 1 holds the 30 newest, with first, last and next but no previous', async () => {
    const body = await list(q)
    assert.equal(body['@type'], 'hydra:Collection')
    assert.equal(body['hydra:totalItems'], 35)
    assert.deepEqual(uuidsOf(body), pages(5, 34).reverse())
    assert.deepEqual(body['hydra:view'], {
      '@id': `/sms?${q}&page=1`,
      '@type': 'hydra:PartialCollectionView',
      'hydra:first': `/sms?${q}&page=1`,
      'hydra:last': `/sms?${q}&page=2`,
      'hydra:next': `/sms?${q}&page=2`,
    })
  })

  it('following hydra:next gives page 2: the 5 oldest, with previous but no next', async () => {
    const first = await list(q)
    const next: string = first['hydra:view']['hydra:next']
    const res = await server.request(next, { token: server.token })
    assert.equal(res.status, 200, res.text)
    assert.equal(res.body['hydra:totalItems'], 35)
    assert.deepEqual(uuidsOf(res.body), pages(0, 4).reverse())
    assert.deepEqual(res.body['hydra:view'], {
      '@id': `/sms?${q}&page=2`,
      '@type': 'hydra:PartialCollectionView',
      'hydra:first': `/sms?${q}&page=1`,
      'hydra:last': `/sms?${q}&page=2`,
      'hydra:previous': `/sms?${q}&page=1`,
    })
  })

  it('links keep every other filter and the order, whatever the position of page', async () => {
    const lt = `created_at[lt]=${T0 + 31}`
    const body = await list(`page=2&${q}&_order[created_at]=asc&${lt}`)
    assert.equal(body['hydra:totalItems'], 31)
    assert.deepEqual(uuidsOf(body), pages(30, 30))
    const keep = `${q}&_order[created_at]=asc&${lt}`
    assert.deepEqual(body['hydra:view'], {
      '@id': `/sms?${keep}&page=2`,
      '@type': 'hydra:PartialCollectionView',
      'hydra:first': `/sms?${keep}&page=1`,
      'hydra:last': `/sms?${keep}&page=2`,
      'hydra:previous': `/sms?${keep}&page=1`,
    })
  })

  it('page 2 in ascending order holds the 5 newest', async () => {
    const body = await list(`${q}&_order[created_at]=asc&page=2`)
    assert.deepEqual(uuidsOf(body), pages(30, 34))
  })

  it('pages never overlap and together hold every match once', async () => {
    const p1 = uuidsOf(await list(`${q}&_order[created_at]=asc`))
    const p2 = uuidsOf(await list(`${q}&_order[created_at]=asc&page=2`))
    assert.deepEqual([...p1, ...p2], pages(0, 34))
  })

  it('a page past the end is empty and still counts the total', async () => {
    const body = await list(`${q}&page=3`)
    assert.deepEqual(body['hydra:member'], [])
    assert.equal(body['hydra:totalItems'], 35)
    assert.equal(body['hydra:view']['hydra:next'], undefined)
    assert.equal(body['hydra:view']['hydra:previous'], `/sms?${q}&page=2`)
    assert.equal(body['hydra:view']['hydra:last'], `/sms?${q}&page=2`)
  })

  it('an empty result has one page', async () => {
    const body = await list('phone=9999')
    assert.equal(body['hydra:totalItems'], 0)
    assert.deepEqual(body['hydra:view'], {
      '@id': '/sms?phone=9999&page=1',
      '@type': 'hydra:PartialCollectionView',
      'hydra:first': '/sms?phone=9999&page=1',
      'hydra:last': '/sms?phone=9999&page=1',
    })
  })
})

describe('GET /sms hydra:search', () => {
  it('describes the filters as an IriTemplate with mappings', async () => {
    const body = await list('phone=9999')
    const search = body['hydra:search']
    assert.equal(search['@type'], 'hydra:IriTemplate')
    assert.equal(search['hydra:variableRepresentation'], 'BasicRepresentation')
    const template: string = search['hydra:template']
    assert.match(template, /^\/sms\{\?.*\}$/)
    const variables = template.slice('/sms{?'.length, -1).split(',')
    for (const v of [
      'phone',
      'text',
      'created_at[gte]',
      'created_at[between]',
      'iso2[]',
      'is_sent',
      '_order[created_at]',
    ]) {
      assert.ok(variables.includes(v), `template lacks ${v}`)
    }
    const mapping: { '@type': string; variable: string; property: string; required: boolean }[] =
      search['hydra:mapping']
    for (const [variable, property] of [
      ['phone', 'phone'],
      ['created_at[gte]', 'created_at'],
      ['uuid[]', 'uuid'],
      ['_order[gateway_sent_at]', 'gateway_sent_at'],
    ] as const) {
      assert.deepEqual(
        mapping.find((m) => m.variable === variable),
        { '@type': 'IriTemplateMapping', variable, property, required: false },
        `mapping of ${variable}`,
      )
    }
    assert.deepEqual(sorted(mapping.map((m) => m.variable)), sorted(variables))
  })
})

describe('GET /sms rejects malformed values with 400 naming the parameter', () => {
  const BAD: { query: string; parameter: string }[] = [
    { query: 'created_at[gte]=abc', parameter: 'created_at[gte]' },
    { query: 'created_at[between]=5', parameter: 'created_at[between]' },
    { query: 'chars_count=1.5', parameter: 'chars_count' },
    { query: 'dlr_code[]=1&dlr_code[]=x', parameter: 'dlr_code[]' },
    { query: 'is_sent=maybe', parameter: 'is_sent' },
    { query: 'sent=perhaps', parameter: 'sent' },
    { query: 'uuid=nope', parameter: 'uuid' },
    { query: 'bulk=nope', parameter: 'bulk' },
    { query: 'page=0', parameter: 'page' },
    { query: 'page=-1', parameter: 'page' },
    { query: 'page=x', parameter: 'page' },
    { query: '_order[created_at]=sideways', parameter: '_order[created_at]' },
    { query: '_order[phone]=asc', parameter: '_order[phone]' },
    { query: '_order[nope]=asc', parameter: '_order[nope]' },
    { query: 'phone[gte]=1', parameter: 'phone[gte]' },
    { query: 'iso2=DE&created_at[lt]=tomorrow', parameter: 'created_at[lt]' },
    // iso2 is not orderable; a digit in the name must not make the parameter unknown
    { query: '_order[iso2]=asc', parameter: '_order[iso2]' },
  ]
  for (const b of BAD) {
    it(b.query, async () => {
      const res = await server.request(`/sms?${b.query}`, { token: server.token })
      assert.equal(res.status, 400, res.text.slice(0, 200))
      assert.match(res.headers.get('content-type') ?? '', /^application\/ld\+json/)
      assert.equal(res.body['@type'], 'hydra:Error')
      assert.equal(res.body.code, 'INVALID_QUERY_PARAMETER')
      assert.ok(
        res.body['hydra:description'].includes(b.parameter),
        `"${res.body['hydra:description']}" should name ${b.parameter}`,
      )
    })
  }
})

describe('GET /sms ignores unknown parameters', () => {
  for (const query of [
    'foo=bar',
    'foo[]=1&foo[gte]=x',
    'exists[phone]=maybe',
    'created_at[since]=x',
  ]) {
    it(query, async () => {
      const body = await list(query)
      assert.equal(body['hydra:totalItems'], 42)
    })
  }

  it('price=0.075 (not a filter in §7.1) is ignored too', async () => {
    const body = await list('price=0.075')
    assert.equal(body['hydra:totalItems'], 42)
  })
})
