import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

const SECRET = `whsec_${Buffer.alloc(24, 7).toString('base64')}`

describe('/webhooks: the account manages its notification settings', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer({ webhookAllowPrivate: true })
  })
  after(() => s.close())

  const create = (body: object, token = s.token) => s.request('/webhooks', { token, body })

  it('creates a webhook with every event by default and a generated secret', async () => {
    const r = await create({ uri: 'http://127.0.0.1:9/hook' })
    assert.equal(r.status, 201, r.text)
    assert.equal(r.body['@type'], 'Webhook')
    assert.equal(r.body['@id'], `/webhooks/${r.body.id}`)
    assert.deepEqual(r.body.events, [])
    assert.equal(r.body.is_active, true)
    assert.match(r.body.secret, /^whsec_[A-Za-z0-9+/]{32}$/)
    assert.equal(r.body.created_at, s.clock.nowS())
    const got = await s.request(`/webhooks/${r.body.id}`, { token: s.token })
    assert.equal(got.status, 200)
    assert.deepEqual(got.body, r.body)
    await s.request(`/webhooks/${r.body.id}`, { token: s.token, method: 'DELETE' })
  })

  it('takes its own events, secret and an email address', async () => {
    const r = await create({
      uri: 'ops@example.com',
      events: ['sms.delivery', 'sms.incoming'],
      secret: SECRET,
    })
    assert.equal(r.status, 201, r.text)
    assert.deepEqual(r.body.events, ['sms.delivery', 'sms.incoming'])
    assert.equal(r.body.secret, SECRET)
    await s.request(`/webhooks/${r.body.id}`, { token: s.token, method: 'DELETE' })
  })

  it('names each field that is wrong', async () => {
    const r = await create({
      uri: 'ftp://example.com/x',
      events: ['sms.delivery', 'sms.sent'],
      secret: 'abc',
    })
    assert.equal(r.status, 422, r.text)
    const paths = r.body.violations.map((v: { propertyPath: string }) => v.propertyPath).sort()
    assert.deepEqual(paths, ['events[1]', 'secret', 'uri'])
    assert.equal((await create({ uri: 'not an address@' })).status, 422)
    assert.equal((await create({ events: [] })).status, 422, 'uri is required')
  })

  it('allows at most five per account', async () => {
    const ids: number[] = []
    for (let i = 0; i < 5; i++) {
      const r = await create({ uri: `https://example.com/hook/${i}` })
      assert.equal(r.status, 201, r.text)
      ids.push(r.body.id)
    }
    const sixth = await create({ uri: 'https://example.com/hook/6' })
    assert.equal(sixth.status, 422)
    assert.match(JSON.stringify(sixth.body), /at most 5 webhooks/)
    const list = await s.request('/webhooks', { token: s.token })
    assert.equal(list.body['hydra:totalItems'], 5)
    assert.deepEqual(
      list.body['hydra:member'].map((w: { id: number }) => w.id),
      ids,
    )
    for (const id of ids)
      assert.equal(
        (await s.request(`/webhooks/${id}`, { token: s.token, method: 'DELETE' })).status,
        204,
      )
    assert.equal((await s.request('/webhooks', { token: s.token })).body['hydra:totalItems'], 0)
  })

  it('changes a webhook with PATCH and keeps what was not sent', async () => {
    const r = await create({ uri: 'https://example.com/a', events: ['sms.delivery'] })
    s.clock.advance(5000)
    const p = await s.request(`/webhooks/${r.body.id}`, {
      token: s.token,
      method: 'PATCH',
      body: { is_active: false },
    })
    assert.equal(p.status, 200, p.text)
    assert.equal(p.body.is_active, false)
    assert.equal(p.body.uri, 'https://example.com/a')
    assert.deepEqual(p.body.events, ['sms.delivery'])
    assert.equal(p.body.updated_at, r.body.created_at + 5)
    const bad = await s.request(`/webhooks/${r.body.id}`, {
      token: s.token,
      method: 'PATCH',
      body: { events: ['x'] },
    })
    assert.equal(bad.status, 422)
    await s.request(`/webhooks/${r.body.id}`, { token: s.token, method: 'DELETE' })
  })

  it("another account's webhook is not found, and an unknown id is 404", async () => {
    const r = await create({ uri: 'https://example.com/mine' })
    const other = await s.createAccount()
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const x = await s.request(`/webhooks/${r.body.id}`, {
        token: other.token,
        method,
        ...(method === 'PATCH' ? { body: {} } : {}),
      })
      assert.equal(x.status, 404, `${method}: ${x.text}`)
    }
    assert.equal((await s.request('/webhooks/999999', { token: s.token })).status, 404)
    assert.equal((await s.request('/webhooks/abc', { token: s.token })).status, 400)
    await s.request(`/webhooks/${r.body.id}`, { token: s.token, method: 'DELETE' })
  })

  it('operators manage the webhooks of any account', async () => {
    const created = await s.admin(`/admin/accounts/${s.userId}/webhooks`, {
      body: { uri: 'https://example.com/op' },
    })
    assert.equal(created.status, 201, created.text)
    const mine = await s.request(`/webhooks/${created.body.id}`, { token: s.token })
    assert.equal(mine.body.uri, 'https://example.com/op')
    const patched = await s.admin(`/admin/accounts/${s.userId}/webhooks/${created.body.id}`, {
      method: 'PATCH',
      body: { events: ['sms.incoming'] },
    })
    assert.deepEqual(patched.body.events, ['sms.incoming'])
    assert.equal((await s.admin(`/admin/accounts/${s.userId}/webhooks`)).body.webhooks.length, 1)
    const del = await s.admin(`/admin/accounts/${s.userId}/webhooks/${created.body.id}`, {
      method: 'DELETE',
    })
    assert.equal(del.status, 204)
    assert.equal((await s.admin('/admin/accounts/4242/webhooks')).status, 404)
  })

  it('operators set the legacy push URL of an account', async () => {
    const r = await s.admin(`/admin/accounts/${s.userId}`, {
      method: 'PATCH',
      body: { push_url: 'https://example.com/dlr.php' },
    })
    assert.equal(r.status, 200, r.text)
    assert.equal(r.body.push_url, 'https://example.com/dlr.php')
    const bad = await s.admin(`/admin/accounts/${s.userId}`, {
      method: 'PATCH',
      body: { push_url: 'gopher://x' },
    })
    assert.equal(bad.status, 422)
    assert.equal(bad.body.violations[0].propertyPath, 'push_url')
    const off = await s.admin(`/admin/accounts/${s.userId}`, {
      method: 'PATCH',
      body: { push_url: null },
    })
    assert.equal(off.body.push_url, null)
  })
})

describe('/webhooks: targets in private networks', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer({ webhookAllowPrivate: false })
  })
  after(() => s.close())

  const refused = [
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://10.1.2.3/hook',
    'http://192.168.0.10/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]/hook',
    'http://[fd00::1]/hook',
    'https://user:pass@example.com/hook',
  ]
  for (const uri of refused) {
    it(`refuses ${uri}`, async () => {
      const r = await s.request('/webhooks', { token: s.token, body: { uri } })
      assert.equal(r.status, 422, r.text)
      assert.equal(r.body.violations[0].propertyPath, 'uri')
    })
  }

  it('accepts a public address', async () => {
    const r = await s.request('/webhooks', {
      token: s.token,
      body: { uri: 'https://93.184.216.34/hook' },
    })
    assert.equal(r.status, 201, r.text)
  })
})
