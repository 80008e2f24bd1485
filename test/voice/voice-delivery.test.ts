import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

const OTP =
  '<speak>Your code is <say-as interpret-as="characters">A1B2</say-as><break time="1s"/></speak>'

describe('voice messages through the voice simulator', () => {
  let s: TestServer
  let voice: { userId: number; token: string }
  before(async () => {
    s = await startTestServer({ webhookAllowPrivate: true }, { delivery: { idleMs: 20 } })
    voice = await s.createAccount({ services: ['direct', 'text2speech'] })
    // A webhook, so that the delivery events are recorded (nothing listens: they stay queued).
    const hook = await s.request('/webhooks', {
      token: voice.token,
      body: { uri: 'http://127.0.0.1:9/hook', events: ['sms.delivery'] },
    })
    assert.equal(hook.status, 201, hook.text)
    const connectors: [string, object][] = [
      ['voice', { callMs: 10 }],
      ['voice-busy', { callMs: 10, mix: { busy: 1 } }],
      ['voice-quiet', { callMs: 10, mix: { 'no-answer': 1 } }],
    ]
    for (const [id, config] of connectors) {
      const put = await s.admin(`/admin/connectors/${id}`, {
        method: 'PUT',
        body: { kind: 'voice-simulator', config },
      })
      assert.equal(put.status, 200, put.text)
    }
    const routes: object[] = [
      // One route for both: SMS take the SMS simulator, calls the voice one.
      { prefix: '+4917', connector_ids: ['simulator', 'voice'] },
      { prefix: '+4915', service_code: 'text2speech', connector_ids: ['voice-busy'] },
      { prefix: '+4916', service_code: 'text2speech', connector_ids: ['voice-quiet'] },
      // Only SMS connectors: a call cannot go.
      { prefix: '+4930', connector_ids: ['simulator'] },
    ]
    for (const body of routes) {
      const r = await s.admin('/admin/routes', { body })
      assert.equal(r.status, 201, r.text)
    }
  })
  after(() => s.close())

  const send = async (body: object) => {
    const r = await s.request('/sms', { token: voice.token, body: { ...SMS, ...body } })
    assert.equal(r.status, 201, r.text)
    return r.body.uuid as string
  }
  const settled = (uuid: string) =>
    waitFor(`${uuid} settled`, async () => {
      const r = await s.ctx.deps.db
        .selectFrom('sms')
        .selectAll()
        .where('uuid', '=', uuid)
        .executeTakeFirstOrThrow()
      return ['delivered', 'failed', 'expired', 'rejected'].includes(r.state) ? r : undefined
    })
  const deliveryEvent = async (uuid: string) => {
    const events = await s.ctx.deps.db
      .selectFrom('event_deliveries')
      .select('data')
      .where('name', '=', 'sms.delivery')
      .execute()
    return events.map((e) => JSON.parse(e.data)).find((d) => d.id === uuid)
  }

  it('a text2speech message is called and ends delivered: status 100, dlr_code 1, event', async () => {
    const uuid = await send({ text: OTP, service_code: 'text2speech' })
    const row = await settled(uuid)
    assert.equal(row.state, 'delivered')
    assert.equal(row.connector_id, 'voice')
    const m = (await s.request(`/sms/${uuid}`, { token: voice.token })).body
    assert.equal(m.status_code, 100)
    assert.equal(m.dlr_code, 1)
    assert.equal(m.voice_lang, 'DE')
    const event = await waitFor('delivery event', () => deliveryEvent(uuid))
    assert.equal(event.dlr_code, 1)
    assert.equal(event.status_code, 100)

    // The same route sends an SMS through the SMS simulator.
    const sms = await settled(await send({}))
    assert.equal(sms.state, 'delivered')
    assert.equal(sms.connector_id, 'simulator')
  })

  it('maps a busy line and an unanswered call to their delivery reports', async () => {
    const busy = await settled(await send({ phone: '+4915112345678', service_code: 'text2speech' }))
    assert.equal(busy.connector_id, 'voice-busy')
    assert.equal(busy.dlr_code, 16)
    const quiet = await settled(
      await send({ phone: '+4916012345678', service_code: 'text2speech' }),
    )
    assert.equal(quiet.dlr_code, 8)
    const event = await waitFor('delivery event', () => deliveryEvent(busy.uuid))
    assert.equal(event.dlr_code, 16)
  })

  it('fails a call whose route has no voice connector, and sends no SMS instead', async () => {
    const row = await settled(await send({ phone: '+49301234567', service_code: 'text2speech' }))
    assert.equal(row.state, 'failed')
    assert.equal(row.connector_id, null)
    assert.equal(row.status_detail, 'NO_CONNECTOR_FOR_SERVICE')
  })
})
