import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

const paths = (body: { violations: { propertyPath: string }[] }) =>
  body.violations.map((v) => v.propertyPath).sort()

describe('/groups: distribution lists', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer()
  })
  after(() => s.close())

  const create = (body: unknown, token = s.token) => s.request('/groups', { token, body })
  const iso = (unixS: number) => new Date(unixS * 1000).toISOString().replace('.000Z', 'Z')

  it('creates a group and returns it as JSON-LD, with nulls for what was not sent', async () => {
    const r = await create({
      name: 'Kunden',
      description: 'Alle Kunden',
      name_a: 'Vorname',
      name_c: 'Stadt',
    })
    assert.equal(r.status, 201, r.text)
    assert.match(r.headers.get('content-type') ?? '', /^application\/ld\+json/)
    assert.equal(typeof r.body.id, 'number')
    assert.deepEqual(r.body, {
      '@context': '/contexts/Group',
      '@id': `/groups/${r.body.id}`,
      '@type': 'Group',
      id: r.body.id,
      name: 'Kunden',
      description: 'Alle Kunden',
      name_a: 'Vorname',
      name_b: null,
      name_c: 'Stadt',
      name_d: null,
      name_e: null,
      count_items: 0,
      deleted_at: null,
    })
    const got = await s.request(`/groups/${r.body.id}`, { token: s.token })
    assert.equal(got.status, 200)
    assert.deepEqual(got.body, r.body)
  })

  it('ignores the read-only id and count_items in the body', async () => {
    const r = await create({ name: 'RO', id: 999999, count_items: 77 })
    assert.equal(r.status, 201, r.text)
    assert.notEqual(r.body.id, 999999)
    assert.equal(r.body.count_items, 0)
  })

  it('names every field that is wrong', async () => {
    const r = await create({
      name: 'x'.repeat(51),
      description: 'd'.repeat(256),
      name_a: 'a'.repeat(51),
      name_e: 5,
      deleted_at: 'tomorrow',
    })
    assert.equal(r.status, 422, r.text)
    assert.equal(r.body.code, 'VALIDATION_FAILED')
    assert.deepEqual(paths(r.body), ['deleted_at', 'description', 'name', 'name_a', 'name_e'])
    assert.match(r.body['hydra:description'], /name: must be at most 50 characters long/)

    const cases: [unknown, string][] = [
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: null }, 'name'],
      [{ name: 'ok', deleted_at: '2026-01-01' }, 'deleted_at'],
      [{ name: 'ok', deleted_at: iso(s.clock.nowS() - 1) }, 'deleted_at'],
      [{ name: 'ok', deleted_at: iso(s.clock.nowS()) }, 'deleted_at'],
      [{ name: 'ok', deleted_at: 1767268800 }, 'deleted_at'],
    ]
    for (const [body, path] of cases) {
      const bad = await create(body)
      assert.equal(bad.status, 422, `${JSON.stringify(body)}: ${bad.text}`)
      assert.deepEqual(paths(bad.body), [path], JSON.stringify(body))
    }
    const past = await create({ name: 'ok', deleted_at: iso(s.clock.nowS() - 60) })
    assert.match(past.body.violations[0].message, /must be in the future/)
  })

  it('refuses a body that is not a JSON object, and malformed JSON', async () => {
    assert.equal((await create([{ name: 'x' }])).status, 400)
    assert.equal((await create('"name"')).status, 400)
    const broken = await s.request('/groups', {
      token: s.token,
      method: 'POST',
      rawBody: '{"name":',
      headers: { 'Content-Type': 'application/json' },
    })
    assert.equal(broken.status, 400)
    assert.equal(broken.body.code, 'MALFORMED_JSON')
  })

  it('keeps deleted_at as an ISO date-time and takes time zone offsets', async () => {
    const at = s.clock.nowS() + 86_400
    const r = await create({ name: 'Expiring', deleted_at: iso(at) })
    assert.equal(r.status, 201, r.text)
    assert.equal(r.body.deleted_at, iso(at))
    const offset = new Date((at + 7200) * 1000).toISOString().replace('.000Z', '+02:00')
    const o = await create({ name: 'Offset', deleted_at: offset })
    assert.equal(o.status, 201, o.text)
    assert.equal(o.body.deleted_at, iso(at))
    const frac = await create({ name: 'Fraction', deleted_at: iso(at).replace('Z', '.750Z') })
    assert.equal(frac.body.deleted_at, iso(at))
  })

  it('replaces a group with PUT: what is left out becomes null', async () => {
    const g = (await create({ name: 'Before', description: 'desc', name_a: 'A', name_b: 'B' })).body
    const r = await s.request(`/groups/${g.id}`, {
      token: s.token,
      method: 'PUT',
      body: { name: 'After', name_b: 'BB' },
    })
    assert.equal(r.status, 200, r.text)
    assert.equal(r.body.name, 'After')
    assert.equal(r.body.description, null)
    assert.equal(r.body.name_a, null)
    assert.equal(r.body.name_b, 'BB')
    assert.deepEqual((await s.request(`/groups/${g.id}`, { token: s.token })).body, r.body)

    const noName = await s.request(`/groups/${g.id}`, {
      token: s.token,
      method: 'PUT',
      body: { description: 'x' },
    })
    assert.equal(noName.status, 422)
    assert.deepEqual(paths(noName.body), ['name'])
    const missing = await s.request('/groups/987654', {
      token: s.token,
      method: 'PUT',
      body: { name: 'x' },
    })
    assert.equal(missing.status, 404)
    assert.equal(missing.body.code, 'GROUP_NOT_FOUND')
  })

  it('changes a group with PATCH (merge patch or JSON) and keeps what was not sent', async () => {
    const g = (await create({ name: 'Patch me', description: 'keep', name_a: 'A' })).body
    const patch = (body: unknown, type: string) =>
      s.request(`/groups/${g.id}`, {
        token: s.token,
        method: 'PATCH',
        body,
        headers: { 'Content-Type': type },
      })

    const m = await patch({ name_b: 'B', description: null }, 'application/merge-patch+json')
    assert.equal(m.status, 200, m.text)
    assert.equal(m.body.name, 'Patch me')
    assert.equal(m.body.name_a, 'A')
    assert.equal(m.body.name_b, 'B')
    assert.equal(m.body.description, null)

    const j = await patch({ name: 'Patched' }, 'application/json')
    assert.equal(j.status, 200, j.text)
    assert.equal(j.body.name, 'Patched')
    assert.equal(j.body.name_b, 'B')

    const at = s.clock.nowS() + 3600
    const d = await patch({ deleted_at: iso(at) }, 'application/merge-patch+json')
    assert.equal(d.body.deleted_at, iso(at))
    const undo = await patch({ deleted_at: null }, 'application/merge-patch+json')
    assert.equal(undo.body.deleted_at, null)

    const bad = await patch({ name: null, name_c: 'c'.repeat(51) }, 'application/merge-patch+json')
    assert.equal(bad.status, 422)
    assert.deepEqual(paths(bad.body), ['name', 'name_c'])
    const text = await s.request(`/groups/${g.id}`, {
      token: s.token,
      method: 'PATCH',
      rawBody: 'name=x',
      headers: { 'Content-Type': 'text/plain' },
    })
    assert.equal(text.status, 415)
    const missing = await s.request('/groups/0', {
      token: s.token,
      method: 'PATCH',
      body: { name: 'x' },
    })
    assert.equal(missing.status, 404)
  })

  it('deletes a group (204) with its phones', async () => {
    const g = (await create({ name: 'Doomed' })).body
    const p = await s.request(`/groups/${g.id}/phones`, {
      token: s.token,
      body: { phone: '+491701234567' },
    })
    assert.equal(p.status, 201, p.text)
    const del = await s.request(`/groups/${g.id}`, { token: s.token, method: 'DELETE' })
    assert.equal(del.status, 204)
    assert.equal(del.text, '')
    assert.equal((await s.request(`/groups/${g.id}`, { token: s.token })).status, 404)
    assert.equal((await s.request(`/phones/${p.body.id}`, { token: s.token })).status, 404)
    assert.equal((await s.request(`/groups/${g.id}/phones`, { token: s.token })).status, 404)
    assert.equal(
      (await s.request(`/groups/${g.id}`, { token: s.token, method: 'DELETE' })).status,
      404,
    )
    const left = await s.ctx.deps.db
      .selectFrom('phones')
      .select('id')
      .where('group_id', '=', g.id)
      .execute()
    assert.deepEqual(left, [])
  })

  it('checks the id in the path', async () => {
    const bad = await s.request('/groups/abc', { token: s.token })
    assert.equal(bad.status, 400)
    assert.equal(bad.body.code, 'INVALID_PATH_PARAMETER')
    assert.match(bad.body['hydra:description'], /"id"/)
    assert.equal((await s.request('/groups/-1', { token: s.token })).status, 400)
    const zero = await s.request('/groups/0', { token: s.token })
    assert.equal(zero.status, 404)
    assert.equal(zero.body.code, 'GROUP_NOT_FOUND')
    assert.equal((await s.request('/groups/1', { token: null })).status, 401)
  })
})

describe('/groups: lists, pages and deleted_at', () => {
  let s: TestServer
  let account: { userId: number; token: string }
  before(async () => {
    s = await startTestServer()
    account = await s.createAccount()
  })
  after(() => s.close())

  it('lists the newest first, 30 to a page, with the total and page links', async () => {
    const ids: number[] = []
    for (let i = 0; i < 65; i++) {
      const r = await s.request('/groups', {
        token: account.token,
        body: { name: `G${String(i).padStart(2, '0')}` },
      })
      assert.equal(r.status, 201, r.text)
      ids.push(r.body.id)
    }
    const newest = [...ids].reverse()
    const p1 = await s.request('/groups', { token: account.token })
    assert.equal(p1.status, 200, p1.text)
    assert.equal(p1.body['@type'], 'hydra:Collection')
    assert.equal(p1.body['hydra:totalItems'], 65)
    assert.deepEqual(
      p1.body['hydra:member'].map((g: { id: number }) => g.id),
      newest.slice(0, 30),
    )
    assert.equal(p1.body['hydra:member'][0]['@id'], `/groups/${newest[0]}`)
    assert.equal(p1.body['hydra:view']['hydra:next'], '/groups?page=2')
    assert.equal(p1.body['hydra:view']['hydra:last'], '/groups?page=3')
    const p3 = await s.request('/groups?page=3', { token: account.token })
    assert.deepEqual(
      p3.body['hydra:member'].map((g: { id: number }) => g.id),
      newest.slice(60),
    )
    const asc = await s.request('/groups?_order[id]=asc', { token: account.token })
    assert.deepEqual(
      asc.body['hydra:member'].map((g: { id: number }) => g.id),
      ids.slice(0, 30),
    )
    const named = await s.request('/groups?name=g6', { token: account.token })
    assert.deepEqual(
      named.body['hydra:member'].map((g: { name: string }) => g.name),
      ['G64', 'G63', 'G62', 'G61', 'G60'],
    )
    assert.equal((await s.request('/groups?page=0', { token: account.token })).status, 400)
    assert.equal(
      (await s.request('/groups?_order[name]=asc', { token: account.token })).status,
      400,
    )
  })

  it("keeps accounts apart: another account's group is not found and not listed", async () => {
    const mine = await s.request('/groups', { token: s.token, body: { name: 'Private' } })
    const id = mine.body.id
    const phone = await s.request(`/groups/${id}/phones`, {
      token: s.token,
      body: { phone: '+491701234567' },
    })
    assert.equal(phone.status, 201)
    const t = account.token
    const list = await s.request('/groups?_order[id]=desc', { token: t })
    assert.ok(!list.body['hydra:member'].some((g: { id: number }) => g.id === id))
    for (const [method, path, body] of [
      ['GET', `/groups/${id}`, undefined],
      ['PUT', `/groups/${id}`, { name: 'x' }],
      ['PATCH', `/groups/${id}`, { name: 'x' }],
      ['DELETE', `/groups/${id}`, undefined],
      ['GET', `/groups/${id}/phones`, undefined],
      ['POST', `/groups/${id}/phones`, { phone: '+491701234567' }],
      ['POST', `/groups/${id}/phones/batch`, [{ phone: '+491701234567' }]],
      ['GET', `/groups/${id}/file/csv`, undefined],
      ['GET', `/phones/${phone.body.id}`, undefined],
      ['PUT', `/phones/${phone.body.id}`, { phone: '+491701234567' }],
      ['DELETE', `/phones/${phone.body.id}`, undefined],
    ] as const) {
      const r = await s.request(path, { token: t, method, body })
      assert.equal(r.status, 404, `${method} ${path}: ${r.text}`)
    }
    const form = new FormData()
    form.append('file', new Blob(['phone\r\n+491701234567\r\n']), 'x.csv')
    const up = await fetch(`${s.url}/groups/${id}/phones/csv`, {
      method: 'POST',
      body: form,
      headers: { 'X-LOX24-AUTH-TOKEN': t },
    })
    assert.equal(up.status, 404)
    const still = await s.request(`/groups/${id}`, { token: s.token })
    assert.equal(still.body.name, 'Private')
    assert.equal(still.body.count_items, 1)
  })

  it('treats a group whose deleted_at has passed as deleted, and purges it with its phones', async () => {
    const at = s.clock.nowS() + 3600
    const g = await s.request('/groups', {
      token: s.token,
      body: { name: 'Temporary', deleted_at: new Date(at * 1000).toISOString() },
    })
    assert.equal(g.status, 201, g.text)
    const p = await s.request(`/groups/${g.body.id}/phones`, {
      token: s.token,
      body: { phone: '+491701234567' },
    })
    assert.equal((await s.request(`/groups/${g.body.id}`, { token: s.token })).status, 200)

    s.clock.advance(3600 * 1000)
    assert.equal(
      (await s.request(`/groups/${g.body.id}`, { token: s.token })).status,
      404,
      'deleted at deleted_at',
    )
    assert.equal((await s.request(`/phones/${p.body.id}`, { token: s.token })).status, 404)
    assert.equal(
      (
        await s.request(`/groups/${g.body.id}/phones`, {
          token: s.token,
          body: { phone: '+491701234568' },
        })
      ).status,
      404,
    )
    assert.equal((await s.request(`/groups/${g.body.id}/file/csv`, { token: s.token })).status, 404)
    assert.equal(
      (
        await s.request(`/groups/${g.body.id}`, {
          token: s.token,
          method: 'PATCH',
          body: { deleted_at: null },
        })
      ).status,
      404,
      'cannot be revived',
    )
    const rows = () =>
      s.ctx.deps.db.selectFrom('groups').select('id').where('id', '=', g.body.id).execute()
    assert.equal((await rows()).length, 1, 'still stored until the account lists its groups')

    const list = await s.request('/groups', { token: s.token })
    assert.ok(!list.body['hydra:member'].some((x: { id: number }) => x.id === g.body.id))
    assert.deepEqual(await rows(), [])
    const phones = await s.ctx.deps.db
      .selectFrom('phones')
      .select('id')
      .where('group_id', '=', g.body.id)
      .execute()
    assert.deepEqual(phones, [])
  })

  it('creates a group with its first phones, all or none', async () => {
    const ok = await s.request('/groups', {
      token: s.token,
      body: {
        name: 'With phones',
        phones: [{ phone: '+491701111111' }, { phone: '01702222222', a: 'x' }],
      },
    })
    assert.equal(ok.status, 201, ok.text)
    assert.equal(ok.body.count_items, 2)
    const list = await s.request(`/groups/${ok.body.id}/phones`, { token: s.token })
    assert.deepEqual(
      list.body['hydra:member'].map((p: { phone: string }) => p.phone),
      ['+491701111111', '+491702222222'],
    )

    const before = (await s.request('/groups', { token: s.token })).body['hydra:totalItems']
    const bad = await s.request('/groups', {
      token: s.token,
      body: {
        name: 'Refused',
        phones: [{ phone: '+491701111111' }, { phone: 'abc' }, 'x', { a: 'no phone' }],
      },
    })
    assert.equal(bad.status, 422, bad.text)
    assert.deepEqual(paths(bad.body), ['phones[1].phone', 'phones[2]', 'phones[3].phone'])
    assert.equal((await s.request('/groups', { token: s.token })).body['hydra:totalItems'], before)
  })
})
