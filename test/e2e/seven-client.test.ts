// The official @seven.io/client (5.6) pointed at the gateway: it sends single and
// multi-recipient SMS, with and without request signing, and cancels; each message is an
// ordinary gateway message that reaches the carrier (a real SMPP peer), comes back with its
// receipt, and shows in the LOX24 API's GET /sms with its price and DLR. A binary message with
// seven's udh reaches the carrier with the header intact.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Client, SmsResource } from '@seven.io/client'
import type { SmscSim } from '../../src/smsc-sim/smsc-sim.js'
import { startSmppCarrier } from '../helpers/smpp-carrier.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { balanceMicro, freshNumber, postJson, sevenKey } from '../helpers/seven.js'
import { waitFor } from '../helpers/wait-for.js'

describe('@seven.io/client against the gateway', () => {
  let s: TestServer
  let sim: SmscSim
  let key: string
  let signingKey: string
  const SECRET = 'signing-secret-for-the-client-0123'

  before(async () => {
    s = await startTestServer({}, { delivery: true })
    // Signatures carry the client's wall-clock time; the gateway's clock must agree.
    s.clock.advance(Date.now() - s.clock.nowMs())
    sim = await startSmppCarrier(s)
    key = await sevenKey(s, s.userId)
    signingKey = await sevenKey(s, s.userId, { signing_secret: SECRET })
    // The client has one base URL for all its instances.
    ;(Client as unknown as { BASE_URL: string }).BASE_URL = `${s.url}/api`
  })
  after(async () => {
    await s?.close()
    await sim?.close()
  })

  const client = (apiKey: string, signingSecret?: string) =>
    new SmsResource(new Client({ apiKey, ...(signingSecret ? { signingSecret } : {}) }))
  const received = (to: string) =>
    waitFor(`the carrier's message to ${to}`, () =>
      sim.received().find((m) => m.to.replace(/^\+/, '') === to.replace(/^\+/, '')),
    )
  const lox24 = async (phone: string) => {
    const r = await s.request(`/sms?phone=${encodeURIComponent(phone.slice(1))}`, {
      token: s.token,
    })
    assert.equal(r.status, 200, r.text)
    return r.body['hydra:member'] as any[]
  }

  it('one recipient: accepted, delivered, and in GET /sms with its price and DLR', async () => {
    const to = freshNumber()
    const before = await balanceMicro(s, s.userId)
    const r = await client(key).dispatch({ to: [to], text: 'Hello from seven', from: 'Shop' })
    assert.equal(r.success, '100')
    assert.equal(r.total_price, 0.075)
    assert.equal(r.messages.length, 1)
    assert.match(r.messages[0]!.id!, /^\d+$/)
    assert.equal((await received(to)).text, 'Hello from seven')
    assert.equal(await balanceMicro(s, s.userId), before - 75_000)
    const delivered = await waitFor('the DLR in GET /sms', async () => {
      const [m] = await lox24(to)
      return m?.dlr_code === 1 ? m : undefined
    })
    assert.equal(delivered.price, 0.075)
    assert.equal(delivered.sender_id, 'Shop')
    assert.equal(delivered.text, 'Hello from seven')
    assert.equal(delivered.is_sent, true)
  })

  it('several recipients in one request', async () => {
    const to = [freshNumber(), freshNumber(), freshNumber()]
    const r = await client(key).dispatch({ to, text: 'To all of you' })
    assert.equal(r.success, '100')
    assert.deepEqual(
      r.messages.map((m) => m.recipient),
      to.map((n) => n.slice(1)),
    )
    assert.equal(r.total_price, 0.225)
    for (const n of to) assert.equal((await received(n)).text, 'To all of you')
  })

  it('with request signing: the signed request is accepted; an unsigned one with the key is not', async () => {
    const to = [freshNumber(), freshNumber()]
    const r = await client(signingKey, SECRET).dispatch({ to, text: 'Signed', from: 'Shop' })
    assert.equal(r.success, '100')
    for (const n of to) assert.equal((await received(n)).text, 'Signed')
    await assert.rejects(
      client(signingKey).dispatch({ to: [freshNumber()], text: 'Unsigned' }),
      /901/,
    )
    await assert.rejects(
      client(signingKey, 'a-wrong-secret-012345').dispatch({ to: [freshNumber()], text: 'x' }),
      /901/,
    )
    await assert.rejects(client('wrong-key').dispatch({ to: [freshNumber()], text: 'x' }), /900/)
  })

  it('a scheduled message is cancelled through delete, signed', async () => {
    const to = freshNumber()
    const delay = new Date(s.clock.nowMs() + 3600_000)
    const r = await client(signingKey, SECRET).dispatch({ to: [to], text: 'Later', delay })
    const id = r.messages[0]!.id!
    const [m] = await lox24(to)
    assert.equal(m.delivery_at, Math.floor(delay.getTime() / 1000))
    const d = await client(signingKey, SECRET).delete({ ids: [id] })
    assert.deepEqual(d, { success: true, deleted: [id] })
  })

  it("a message sent through the LOX24 API and one through seven's share one account view", async () => {
    const to = freshNumber()
    const viaLox24 = await s.request('/sms', {
      token: s.token,
      body: { phone: to, sender_id: 'Taube', text: 'Through LOX24' },
    })
    assert.equal(viaLox24.status, 201, viaLox24.text)
    const viaSeven = await client(key).dispatch({ to: [to], text: 'Through seven' })
    assert.equal(viaSeven.success, '100')
    const both = await lox24(to)
    assert.deepEqual(both.map((m) => m.text).sort(), ['Through LOX24', 'Through seven'])
  })

  it('udh with hex data: an 8-bit binary message whose header reaches the carrier intact', async () => {
    const to = freshNumber()
    // Two parts of one concatenated message (reference 0xCC), sent as two requests: the
    // carrier joins them only if each arrived with its UDH as given.
    for (const [udh, text] of [
      ['050003CC0201', 'CAFE'],
      ['050003CC0202', 'BABE'],
    ] as const) {
      const r = await postJson(s, key, { to, udh, text })
      assert.equal(r.body.success, '100', r.text)
    }
    const m = await received(to)
    assert.equal(m.parts, 2)
    assert.equal(m.dataCoding, 4)
    assert.equal(m.bodyHex, 'cafebabe')
  })
})
