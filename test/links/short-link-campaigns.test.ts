import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

// The campaign endpoints (spec §12.1–§12.5, G-38): create, list with filters, read, replace and
// delete; each bad field answered 422 naming it.
describe('short-link campaigns', () => {
  let s: TestServer
  let groupId: number

  before(async () => {
    s = await startTestServer({ publicUrl: 'https://gw.example.com' })
    const g = await s.request('/groups', { token: s.token, body: { name: 'Newsletter' } })
    assert.equal(g.status, 201, g.text)
    groupId = g.body.id
  })
  after(() => s.close())

  const post = (path: string, body: unknown) => s.request(path, { token: s.token, body })

  it('creates a tracking campaign with its short URL, and reads it back', async () => {
    const r = await post('/short_link_campaigns', {
      type: 1,
      name: 'Spring sale',
      url: 'https://shop.example.com/spring',
    })
    assert.equal(r.status, 201, r.text)
    assert.match(r.body.id, /^[0-9A-Za-z]{8}$/)
    assert.equal(r.body['@id'], `/short_link_campaigns/${r.body.id}`)
    assert.equal(r.body.short_url, `https://gw.example.com/l/${r.body.id}`)
    assert.deepEqual(
      { type: r.body.type, name: r.body.name, url: r.body.url, group_id: r.body.group_id },
      { type: 1, name: 'Spring sale', url: 'https://shop.example.com/spring', group_id: null },
    )
    assert.equal(r.body.created_at, s.clock.nowS())
    const got = await s.request(`/short_link_campaigns/${r.body.id}`, { token: s.token })
    assert.deepEqual(got.body, r.body)
  })

  it('creates subscribe and unsubscribe links for a group of the account', async () => {
    for (const form of ['subscribe', 'unsubscribe']) {
      const r = await post(`/short_link_campaigns/${form}`, {
        name: `${form} form`,
        group_id: groupId,
      })
      assert.equal(r.status, 201, r.text)
      assert.equal(r.body.form, form)
      assert.equal(r.body.type, 1, 'reported as the documented samples do')
      assert.equal(r.body.url, r.body.short_url)
    }
    const typed = await post('/short_link_campaigns', { type: 4, name: 'out', group_id: groupId })
    assert.equal(typed.status, 201, typed.text)
    assert.equal(typed.body.form, 'unsubscribe')
  })

  it('answers 422 naming each bad field', async () => {
    const other = await s.createAccount({ name: 'Other' })
    const theirs = await s.request('/groups', { token: other.token, body: { name: 'Theirs' } })
    const cases: [string, unknown, string][] = [
      ['/short_link_campaigns', { type: 1, name: 'x' }, 'url'],
      ['/short_link_campaigns', { type: 1, name: 'x', url: 'ftp://a.example/' }, 'url'],
      ['/short_link_campaigns', { type: 1, name: 'x', url: 'not a url' }, 'url'],
      ['/short_link_campaigns', { type: 5, name: 'x', url: 'https://a.example/' }, 'type'],
      ['/short_link_campaigns', { type: 1, name: '', url: 'https://a.example/' }, 'name'],
      [
        '/short_link_campaigns',
        { type: 1, name: 'n'.repeat(101), url: 'https://a.example/' },
        'name',
      ],
      [
        '/short_link_campaigns',
        { type: 2, name: 'x', url: 'https://a.example/', group_id: 999 },
        'group_id',
      ],
      [
        '/short_link_campaigns',
        { type: 3, name: 'x', group_id: groupId, url: 'https://a.example/' },
        'url',
      ],
      ['/short_link_campaigns/subscribe', { name: 'x', group_id: null }, 'group_id'],
      ['/short_link_campaigns/subscribe', { name: 'x', group_id: theirs.body.id }, 'group_id'],
      ['/short_link_campaigns/unsubscribe', { group_id: groupId }, 'name'],
    ]
    for (const [path, body, field] of cases) {
      const r = await post(path, body)
      assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`)
      const paths = (r.body.violations as { propertyPath: string }[]).map((v) => v.propertyPath)
      assert.ok(paths.includes(field), `${JSON.stringify(body)} names ${field}: ${r.text}`)
    }
  })

  it('lists the account’s campaigns with filters, newest first', async () => {
    const other = await s.createAccount({ name: 'Lister' })
    const mk = async (name: string, type: number, url: string) => {
      s.clock.advance(1000)
      const r = await s.request('/short_link_campaigns', {
        token: other.token,
        body: { type, name, url },
      })
      assert.equal(r.status, 201, r.text)
      return r.body
    }
    const a = await mk('Alpha promo', 1, 'https://a.example/one')
    const b = await mk('Beta promo', 2, 'https://b.example/two')
    const c = await mk('Gamma', 2, 'https://a.example/three')
    const list = async (q: string) => {
      const r = await s.request(`/short_link_campaigns${q}`, { token: other.token })
      assert.equal(r.status, 200, r.text)
      return (r.body['hydra:member'] as { id: string }[]).map((m) => m.id)
    }
    assert.deepEqual(await list(''), [c.id, b.id, a.id])
    assert.deepEqual(await list('?name=PROMO'), [b.id, a.id])
    assert.deepEqual(await list('?type=2'), [c.id, b.id])
    assert.deepEqual(await list('?url=a.example'), [c.id, a.id])
    assert.deepEqual(await list(`?code=${b.id}`), [b.id])
    assert.deepEqual(await list(`?created_at[gte]=${b.created_at}&_order[created_at]=asc`), [
      b.id,
      c.id,
    ])
    const bad = await s.request('/short_link_campaigns?type=x', { token: other.token })
    assert.equal(bad.status, 400, bad.text)
  })

  it('replaces and deletes a campaign; a deleted one is gone from the API', async () => {
    const c = (
      await post('/short_link_campaigns', { type: 1, name: 'Old', url: 'https://a.example/old' })
    ).body
    const put = await s.request(`/short_link_campaigns/${c.id}`, {
      token: s.token,
      method: 'PUT',
      body: { type: 2, name: 'New', url: 'https://a.example/new', group_id: groupId },
    })
    assert.equal(put.status, 200, put.text)
    assert.deepEqual(
      { type: put.body.type, name: put.body.name, url: put.body.url, group_id: put.body.group_id },
      { type: 2, name: 'New', url: 'https://a.example/new', group_id: groupId },
    )
    const badPut = await s.request(`/short_link_campaigns/${c.id}`, {
      token: s.token,
      method: 'PUT',
      body: { type: 2, name: 'New', url: 'javascript:alert(1)' },
    })
    assert.equal(badPut.status, 422, badPut.text)
    assert.equal(badPut.body.violations[0].propertyPath, 'url')

    const del = await s.request(`/short_link_campaigns/${c.id}`, {
      token: s.token,
      method: 'DELETE',
    })
    assert.equal(del.status, 204, del.text)
    for (const method of ['GET', 'DELETE']) {
      const r = await s.request(`/short_link_campaigns/${c.id}`, { token: s.token, method })
      assert.equal(r.status, 404, `${method}: ${r.text}`)
      assert.equal(r.body.code, 'SHORT_LINK_CAMPAIGN_NOT_FOUND')
    }
    const listed = await s.request(`/short_link_campaigns?code=${c.id}`, { token: s.token })
    assert.equal(listed.body['hydra:totalItems'], 0)
  })

  it("answers another account's campaign as unknown", async () => {
    const other = await s.createAccount({ name: 'Nosy' })
    const c = (
      await post('/short_link_campaigns', { type: 1, name: 'Mine', url: 'https://a.example/' })
    ).body
    for (const method of ['GET', 'DELETE']) {
      const r = await s.request(`/short_link_campaigns/${c.id}`, { token: other.token, method })
      assert.equal(r.status, 404, r.text)
    }
    const mine = await s.request(`/short_link_campaigns/${c.id}`, { token: s.token })
    assert.equal(mine.status, 200)
  })
})
