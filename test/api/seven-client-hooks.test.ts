// The official @seven.io/client against the started gateway, for what follows a send: the
// balance, a dlr hook subscribed through its hooks resource, the status callback with
// foreign_id on a local receiver after the simulator's report (signed as seven.io signs, and
// checked by the client's own WebhookVerifier), the status lookup, and unsubscribing.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  BalanceResource,
  Client,
  HooksResource,
  SmsResource,
  StatusResource,
  WebhookVerifier,
} from '@seven.io/client'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { freshNumber, sevenKey } from '../helpers/seven.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

const SECRET = 'client-signing-secret-0123456789'

describe('@seven.io/client: balance, hooks, status callbacks and lookup', () => {
  let s: TestServer
  let rx: Receiver
  let client: Client
  const base = Client.BASE_URL
  before(async () => {
    s = await startTestServer({ webhookAllowPrivate: true }, { delivery: true, events: true })
    // The client signs with the real time, which the gateway checks against its own clock.
    s.clock.advance(Date.now() - s.clock.nowMs())
    rx = await startReceiver()
    // The client has no option for its base URL; it is a static field of the class.
    ;(Client as unknown as { BASE_URL: string }).BASE_URL = `${s.url}/api`
    const apiKey = await sevenKey(s, s.userId, { signing_secret: SECRET })
    client = new Client({ apiKey, signingSecret: SECRET })
  })
  after(async () => {
    ;(Client as unknown as { BASE_URL: string }).BASE_URL = base
    await rx.close()
    await s.close()
  })

  it('reads the balance', async () => {
    const balance = await new BalanceResource(client).get()
    assert.deepEqual(balance, { amount: 100, currency: 'EUR' })
  })

  it('subscribes a dlr hook, gets the signed status callback with foreign_id, looks the status up', async () => {
    const hooks = new HooksResource(client)
    const sub = await hooks.subscribe({
      targetUrl: `${rx.url}/seven`,
      eventType: 'dlr',
      requestMethod: 'JSON',
    })
    assert.equal(sub.success, true)
    assert.ok(typeof sub.id === 'number' && sub.id > 0)
    const read = await hooks.read()
    assert.equal(read.success, true)
    assert.equal(read.hooks?.length, 1)
    assert.equal(read.hooks![0]!.id, String(sub.id))
    assert.equal(read.hooks![0]!.event_type, 'dlr')
    assert.ok(read.hooks![0]!.created instanceof Date && !isNaN(read.hooks![0]!.created.getTime()))

    const sent = await new SmsResource(client).dispatch({
      to: [freshNumber()],
      text: 'Your order ships today',
      foreign_id: 'order-7',
    })
    assert.equal(sent.success, '100')
    const id = sent.messages[0]!.id!

    const call = await waitFor('the DELIVERED callback', () =>
      rx.received.find((r) => JSON.parse(r.body).data.status === 'DELIVERED'),
    )
    const payload = JSON.parse(call.body)
    assert.equal(payload.webhook_event, 'dlr')
    assert.equal(payload.data.msg_id, id)
    assert.equal(payload.data.foreign_id, 'order-7')
    const verified = await new WebhookVerifier({ signingSecret: SECRET }).verify({
      headers: call.headers,
      body: call.body,
      url: `${rx.url}${call.url}`,
      method: call.method,
    })
    assert.deepEqual(verified.error, undefined)
    assert.equal(verified.valid, true)
    const forged = await new WebhookVerifier({ signingSecret: 'another-secret-0123456789' }).verify(
      {
        headers: call.headers,
        body: call.body,
        url: `${rx.url}${call.url}`,
        method: call.method,
      },
    )
    assert.equal(forged.valid, false)

    const [status] = await new StatusResource(client).get([Number(id)])
    assert.equal(status!.id, Number(id))
    assert.equal(status!.status, 'DELIVERED')
    assert.match(status!.statusTime, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/)

    assert.deepEqual(await hooks.unsubscribe(sub.id!), { success: true })
    assert.deepEqual((await hooks.read()).hooks, [])
  })
})
