import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

describe('bulks with service_code text2speech', () => {
  let s: TestServer
  let voice: { userId: number; token: string }
  before(async () => {
    s = await startTestServer({}, { bulks: { idleMs: 20 } })
    voice = await s.createAccount({ services: ['direct', 'text2speech'] })
    const put = await s.admin(`/admin/accounts/${voice.userId}/prices`, {
      method: 'PUT',
      body: [{ iso2: '*', service_code: 'text2speech', price: 0.02 }],
    })
    assert.equal(put.status, 200, put.text)
  })
  after(() => s.close())

  const bulk = (body: object) =>
    s.request('/bulks', {
      token: voice.token,
      body: { sender_id: 'Taube', service_code: 'text2speech', ...body },
    })

  it('counts and prices each call as POST /sms does, in the language of its number', async () => {
    // "Code A1. Bye" = 12 characters + 2 s of pause = 4 → 16
    const text =
      '<speak>Code <say-as interpret-as="characters">A1</say-as>.<break time="2s"/> Bye</speak>'
    const r = await bulk({ text, phones: ['+491701111001', '+34612345678', '+33612345678'] })
    assert.equal(r.status, 201, r.text)
    assert.equal(r.body.msg_total_cost, 0.06)
    const sms = await waitFor('the calls', async () => {
      const list = await s.request(`/sms?bulk=${r.body.uuid}`, { token: voice.token })
      const members = list.body['hydra:member'] as any[]
      return members.length === 3 ? members : undefined
    })
    const byPhone = Object.fromEntries(sms.map((m) => [m.phone, m]))
    assert.deepEqual(
      sms.map((m) => [m.chars_count, m.parts_count, m.price]),
      [
        [16, 1, 0.02],
        [16, 1, 0.02],
        [16, 1, 0.02],
      ],
    )
    assert.equal(byPhone['+491701111001'].voice_lang, 'DE')
    assert.equal(byPhone['+34612345678'].voice_lang, 'ES')
    assert.equal(byPhone['+33612345678'].voice_lang, 'EN')
  })

  it('puts a personalised value into SSML as text: "&" and "<" in a name make no call fail', async () => {
    const g = await s.request('/groups', {
      token: voice.token,
      body: { name: 'Voice names', name_a: 'Name' },
    })
    assert.equal(g.status, 201, g.text)
    const phones = [
      { phone: '+491701111011', a: 'Smith & <Sons>' },
      { phone: '+491701111012', a: 'Anna' },
    ]
    const batch = await s.request(`/groups/${g.body.id}/phones/batch`, {
      token: voice.token,
      body: phones,
    })
    assert.ok(batch.status < 300, batch.text)
    const r = await bulk({ text: '<speak>Hello [Name]</speak>', msg_groups: [g.body.id] })
    assert.equal(r.status, 201, r.text)
    const sms = await waitFor('both calls', async () => {
      const list = await s.request(`/sms?bulk=${r.body.uuid}`, { token: voice.token })
      const members = list.body['hydra:member'] as any[]
      return members.length === 2 ? members : undefined
    })
    const byPhone = Object.fromEntries(sms.map((m) => [m.phone, m]))
    assert.equal(byPhone['+491701111011'].text, '<speak>Hello Smith &amp; &lt;Sons&gt;</speak>')
    // "Hello Smith & <Sons>" is heard: 20 characters.
    assert.equal(byPhone['+491701111011'].chars_count, 20)
    assert.equal(byPhone['+491701111012'].text, '<speak>Hello Anna</speak>')
  })

  it('answers 422 on text for invalid SSML', async () => {
    const r = await bulk({ text: '<speak>Hello', phones: ['+491701111001'] })
    assert.equal(r.status, 422)
    assert.equal(r.body.violations[0].propertyPath, 'text')
    assert.match(r.body.violations[0].message, /is not valid SSML: <speak> opened/)
  })
})
