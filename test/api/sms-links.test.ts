import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'

// Every IRI an SMS object carries leads somewhere for its owner, and nowhere for anyone else.
const LINK_FIELDS = ['@id', 'requests', 'clicks']

describe('links an SMS object advertises', () => {
  let s: TestServer

  before(async () => {
    s = await startTestServer()
  })
  after(() => s.close())

  it('answer 200 for the owner and 404 for another account', async () => {
    const other = await s.createAccount({ name: 'Other' })
    const sent = await s.request('/sms', { token: s.token, body: SMS })
    assert.equal(sent.status, 201, sent.text)
    const sms = sent.body
    const links = Object.entries(sms).filter(
      ([k, v]) => LINK_FIELDS.includes(k) || (typeof v === 'string' && v.startsWith('/sms/')),
    )
    assert.deepEqual(
      links.map(([k]) => k).sort(),
      [...LINK_FIELDS].sort(),
      'the links this test checks',
    )
    for (const [field, link] of links) {
      const mine = await s.request(link as string, { token: s.token })
      assert.equal(mine.status, 200, `${field} ${link}: ${mine.text}`)
      assert.equal(mine.body['@id'], link, `${field} answers as itself`)
      const theirs = await s.request(link as string, { token: other.token })
      assert.equal(theirs.status, 404, `${field} ${link} for another account: ${theirs.text}`)
    }
  })

  it('serves the click log as an empty collection and the click count as 0', async () => {
    const sms = (await s.request('/sms', { token: s.token, body: SMS })).body
    const log = await s.request(sms.requests, { token: s.token })
    assert.equal(log.body['@type'], 'hydra:Collection')
    assert.deepEqual(log.body['hydra:member'], [])
    assert.equal(log.body['hydra:totalItems'], 0)
    assert.match(
      log.body['hydra:search']['hydra:template'],
      new RegExp(`^/sms/${sms.uuid}/requests\\{\\?`),
    )
    const count = await s.request(sms.clicks, { token: s.token })
    assert.deepEqual(
      {
        uuid: count.body.uuid,
        created_at: count.body.created_at,
        requests_count: count.body.requests_count,
      },
      { uuid: sms.uuid, created_at: sms.created_at, requests_count: 0 },
    )
    const bad = await s.request(`${sms.requests}?date=abc`, { token: s.token })
    assert.equal(bad.status, 400, bad.text)
    const missing = await s.request('/sms/00000000-0000-7000-8000-000000000000/requests', {
      token: s.token,
    })
    assert.equal(missing.status, 404)
  })
})

describe('hydra:search', () => {
  let s: TestServer

  before(async () => {
    s = await startTestServer()
  })
  after(() => s.close())

  it('names the path asked on, for two paths sharing one filter spec', async () => {
    const ids: number[] = []
    for (const uri of ['one@customer.test', 'two@customer.test']) {
      const r = await s.request('/webhooks', { token: s.token, body: { uri } })
      assert.equal(r.status, 201, r.text)
      ids.push(r.body.id)
    }
    for (const id of [ids[1], ids[0], ids[1]]) {
      const r = await s.request(`/webhooks/${id}/attempts`, { token: s.token })
      assert.equal(r.status, 200, r.text)
      const template: string = r.body['hydra:search']['hydra:template']
      assert.ok(template.startsWith(`/webhooks/${id}/attempts{?`), `${id}: ${template}`)
    }
  })
})
