import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

const paths = (body: { violations: { propertyPath: string }[] }) =>
  body.violations.map((v) => v.propertyPath).sort()

describe('group phones', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer()
  })
  after(() => s.close())

  const newGroup = async (body: object = {}) => {
    const r = await s.request('/groups', { token: s.token, body: { name: 'Phones', ...body } })
    assert.equal(r.status, 201, r.text)
    return r.body.id as number
  }
  const count = async (id: number) =>
    (await s.request(`/groups/${id}`, { token: s.token })).body.count_items as number
  const add = (id: number, body: unknown) =>
    s.request(`/groups/${id}/phones`, { token: s.token, body })
  const batch = (id: number, body: unknown) =>
    s.request(`/groups/${id}/phones/batch`, { token: s.token, body })

  it('adds one phone, normalised to E.164 with the account country, and counts it', async () => {
    const g = await newGroup()
    const r = await add(g, { phone: '0170 123-4567', a: 'Anna', callback_data: 'cb-1' })
    assert.equal(r.status, 201, r.text)
    assert.deepEqual(r.body, {
      '@context': '/contexts/Phone',
      '@id': `/phones/${r.body.id}`,
      '@type': 'Phone',
      id: r.body.id,
      phone: '+491701234567',
      a: 'Anna',
      b: null,
      c: null,
      d: null,
      e: null,
      callback_data: 'cb-1',
      subscribed_at: null,
      unsubscribed_at: null,
      unsubscribe_reason: null,
    })
    assert.match(r.body.id, /^[1-9][0-9]*$/, 'the id is a string of digits')
    const row = await s.ctx.deps.db
      .selectFrom('phones')
      .selectAll()
      .where('id', '=', Number(r.body.id))
      .executeTakeFirstOrThrow()
    assert.equal(row.iso2, 'DE')
    assert.equal(await count(g), 1)
    assert.deepEqual((await s.request(`/phones/${r.body.id}`, { token: s.token })).body, r.body)
    const intl = await add(g, { phone: '0041 44 668 18 00' })
    assert.equal(intl.body.phone, '+41446681800')
    assert.equal(await count(g), 2)
  })

  it('refuses a bad phone object with 422 naming each field', async () => {
    const g = await newGroup()
    const cases: [unknown, string[]][] = [
      [{}, ['phone']],
      [{ phone: null }, ['phone']],
      [{ phone: 4917012345 }, ['phone']],
      [{ phone: 'abc' }, ['phone']],
      [{ phone: '' }, ['phone']],
      [{ phone: '+49170123456789012' }, ['phone']],
      [{ phone: '1'.repeat(31) }, ['phone']],
      [{ phone: '+491701234567', a: 'x'.repeat(1531) }, ['a']],
      [{ phone: '+491701234567', e: 5 }, ['e']],
      [{ phone: '+491701234567', callback_data: 'c'.repeat(37) }, ['callback_data']],
      [
        { phone: 'x', b: 'x'.repeat(1531), callback_data: 'c'.repeat(37) },
        ['b', 'callback_data', 'phone'],
      ],
    ]
    for (const [body, expected] of cases) {
      const r = await add(g, body)
      assert.equal(r.status, 422, `${JSON.stringify(body).slice(0, 80)}: ${r.text}`)
      assert.deepEqual(paths(r.body), expected, JSON.stringify(body).slice(0, 80))
    }
    const invalid = await add(g, { phone: 'abc' })
    assert.match(invalid.body.violations[0].message, /digits/)
    assert.equal((await add(g, [{ phone: '+491701234567' }])).status, 400)
    // Limits count characters, not UTF-16 units: 1530 emoji fit.
    const wide = await add(g, { phone: '+491701234567', a: '😀'.repeat(1530) })
    assert.equal(wide.status, 201, wide.text)
    assert.equal(await count(g), 1)
    assert.equal((await add(987654, { phone: '+491701234567' })).status, 404)
  })

  it('stores the valid items of a batch and reports the others by index', async () => {
    const g = await newGroup()
    const r = await batch(g, [
      { phone: '+491701000001', callback_data: '123456' },
      { phone: 'not a number' },
      { phone: '+491701000002', callback_data: 'c'.repeat(37) },
      'nope',
      { phone: '01701000003', a: 'A', e: 'E', id: 5, subscribed_at: 123 },
      { a: 'no phone' },
    ])
    assert.equal(r.status, 201, r.text)
    assert.equal(r.body['@type'], 'hydra:Collection')
    assert.equal(r.body['@id'], `/groups/${g}/phones`)
    assert.equal(r.body['hydra:totalItems'], 2)
    assert.deepEqual(
      r.body['hydra:member'].map((p: { phone: string }) => p.phone),
      ['+491701000001', '+491701000003'],
    )
    assert.equal(r.body['hydra:member'][1].a, 'A')
    assert.equal(r.body['hydra:member'][1].subscribed_at, null, 'read-only fields are ignored')
    assert.equal(r.body.rejected, 4)
    assert.deepEqual(
      r.body.errors.map((e: { index: number; propertyPath: string }) => [e.index, e.propertyPath]),
      [
        [1, '[1].phone'],
        [2, '[2].callback_data'],
        [3, '[3]'],
        [5, '[5].phone'],
      ],
    )
    assert.equal(await count(g), 2)
  })

  it('refuses a batch with no valid item, an empty one and one that is not an array', async () => {
    const g = await newGroup()
    const none = await batch(g, [{ phone: 'x' }, { phone: '+4', a: 7 }])
    assert.equal(none.status, 422, none.text)
    assert.deepEqual(paths(none.body), ['[0].phone', '[1].a', '[1].phone'])
    const empty = await batch(g, [])
    assert.equal(empty.status, 422)
    assert.deepEqual(paths(empty.body), [''])
    const object = await batch(g, { phone: '+491701234567' })
    assert.equal(object.status, 422)
    assert.match(object.body.violations[0].message, /array/)
    assert.equal(await count(g), 0)
    assert.equal((await batch(987654, [{ phone: '+491701234567' }])).status, 404)
  })

  it('takes 10,000 phones in one request and refuses 10,001', async () => {
    const g = await newGroup()
    const phones = Array.from({ length: 10_000 }, (_, i) => ({
      phone: `+4915${String(i).padStart(9, '0')}`,
      a: `N${i}`,
      callback_data: `r${i}`,
    }))
    const r = await batch(g, phones)
    assert.equal(r.status, 201, r.text.slice(0, 300))
    assert.equal(r.body['hydra:totalItems'], 10_000)
    assert.equal(r.body['hydra:member'].length, 10_000)
    assert.deepEqual(r.body.errors, [])
    assert.equal(r.body['hydra:member'][9_999].callback_data, 'r9999')
    assert.equal(await count(g), 10_000)

    const list = await s.request(`/groups/${g}/phones?page=334`, { token: s.token })
    assert.equal(list.body['hydra:totalItems'], 10_000)
    assert.deepEqual(
      list.body['hydra:member'].map((p: { a: string }) => p.a),
      ['N9990', 'N9991', 'N9992', 'N9993', 'N9994', 'N9995', 'N9996', 'N9997', 'N9998', 'N9999'],
    )

    const tooMany = await batch(g, [...phones, { phone: '+491701234567' }])
    assert.equal(tooMany.status, 422, tooMany.text.slice(0, 300))
    assert.deepEqual(paths(tooMany.body), [''])
    assert.match(tooMany.body.violations[0].message, /10000/)
    assert.equal(await count(g), 10_000)
  })

  it('lists the phones of a group in the order they were added, 30 to a page', async () => {
    const g = await newGroup()
    const phones = Array.from({ length: 35 }, (_, i) => ({
      phone: `+4917020000${String(i).padStart(2, '0')}`,
    }))
    const stored = (await batch(g, phones)).body['hydra:member'].map((p: { id: string }) => p.id)
    const p1 = await s.request(`/groups/${g}/phones`, { token: s.token })
    assert.equal(p1.status, 200, p1.text)
    assert.equal(p1.body['hydra:totalItems'], 35)
    assert.deepEqual(
      p1.body['hydra:member'].map((p: { id: string }) => p.id),
      stored.slice(0, 30),
    )
    assert.equal(p1.body['hydra:view']['hydra:next'], `/groups/${g}/phones?page=2`)
    const p2 = await s.request(`/groups/${g}/phones?page=2`, { token: s.token })
    assert.deepEqual(
      p2.body['hydra:member'].map((p: { id: string }) => p.id),
      stored.slice(30),
    )
    const desc = await s.request(`/groups/${g}/phones?_order[id]=desc`, { token: s.token })
    assert.equal(desc.body['hydra:member'][0].id, stored[34])
    const found = await s.request(`/groups/${g}/phones?phone=2000007`, { token: s.token })
    assert.deepEqual(
      found.body['hydra:member'].map((p: { id: string }) => p.id),
      [stored[7]],
    )
  })

  it('replaces a phone with PUT, keeps its read-only fields, and refuses a missing phone', async () => {
    const g = await newGroup()
    const p = (await add(g, { phone: '+491701234567', a: 'A', b: 'B', callback_data: 'x' })).body
    await s.ctx.deps.db
      .updateTable('phones')
      .set({ subscribed_at: 1_700_000_000, unsubscribed_at: 1_700_000_100, unsubscribe_reason: 2 })
      .where('id', '=', Number(p.id))
      .execute()
    const r = await s.request(`/phones/${p.id}`, {
      token: s.token,
      method: 'PUT',
      body: { phone: '0170 7654321', b: 'BB', unsubscribed_at: null, id: '1' },
    })
    assert.equal(r.status, 200, r.text)
    assert.equal(r.body.id, p.id)
    assert.equal(r.body.phone, '+491707654321')
    assert.equal(r.body.a, null)
    assert.equal(r.body.b, 'BB')
    assert.equal(r.body.callback_data, null)
    assert.equal(r.body.subscribed_at, 1_700_000_000)
    assert.equal(r.body.unsubscribed_at, 1_700_000_100)
    assert.equal(r.body.unsubscribe_reason, 2)
    assert.deepEqual((await s.request(`/phones/${p.id}`, { token: s.token })).body, r.body)

    const noPhone = await s.request(`/phones/${p.id}`, {
      token: s.token,
      method: 'PUT',
      body: { a: 'x' },
    })
    assert.equal(noPhone.status, 422)
    assert.deepEqual(paths(noPhone.body), ['phone'])
    const badPhone = await s.request(`/phones/${p.id}`, {
      token: s.token,
      method: 'PUT',
      body: { phone: '++49' },
    })
    assert.deepEqual(paths(badPhone.body), ['phone'])
    const missing = await s.request('/phones/987654', {
      token: s.token,
      method: 'PUT',
      body: { phone: '+491701234567' },
    })
    assert.equal(missing.status, 404)
    assert.equal(missing.body.code, 'PHONE_NOT_FOUND')
    assert.equal(await count(g), 1)
  })

  it('deletes a phone (204) and lowers the count', async () => {
    const g = await newGroup()
    const [p1, p2] = (await batch(g, [{ phone: '+491701234567' }, { phone: '+491701234568' }]))
      .body['hydra:member']
    assert.equal(await count(g), 2)
    const del = await s.request(`/phones/${p1.id}`, { token: s.token, method: 'DELETE' })
    assert.equal(del.status, 204)
    assert.equal(await count(g), 1)
    assert.equal((await s.request(`/phones/${p1.id}`, { token: s.token })).status, 404)
    assert.equal(
      (await s.request(`/phones/${p1.id}`, { token: s.token, method: 'DELETE' })).status,
      404,
    )
    assert.equal(await count(g), 1)
    const list = await s.request(`/groups/${g}/phones`, { token: s.token })
    assert.deepEqual(
      list.body['hydra:member'].map((p: { id: string }) => p.id),
      [p2.id],
    )
    assert.equal((await s.request('/phones/abc', { token: s.token })).status, 400)
  })
})
