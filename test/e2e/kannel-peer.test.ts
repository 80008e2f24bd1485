// Kannel 1.4.5 as a real peer: an application sends through Kannel's smsbox, Kannel's HTTP SMSC
// of system-type kannel hands the messages to Taube, the carrier (the SMPP simulator) receives
// them encoded and concatenated as sent, and the receipts come back through Kannel to the
// application's dlr-url (mode B) or, without one, as Taube webhooks (mode A).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { SmscSim } from '../../src/smsc-sim/smsc-sim.js'
import { parseKannelParams } from '../../src/api/kannel/params.js'
import { startKannel, type Kannel } from '../helpers/kannel.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { startSmppCarrier } from '../helpers/smpp-carrier.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

describe('Kannel 1.4.5 with Taube as its HTTP SMSC (system-type kannel)', () => {
  let s: TestServer
  let sim: SmscSim
  let kannel: Kannel
  let app: Receiver
  let hooks: Receiver
  let password: string

  before(async () => {
    s = await startTestServer({ webhookAllowPrivate: true }, { delivery: true, events: true })
    sim = await startSmppCarrier(s)
    app = await startReceiver()
    hooks = await startReceiver()
    const hook = await s.request('/webhooks', { token: s.token, body: { uri: hooks.url } })
    assert.equal(hook.status, 201, hook.text)
    const key = await s.admin(`/admin/accounts/${s.userId}/keys`, {
      body: { name: 'kannel', type: 'kannel' },
    })
    assert.equal(key.status, 201, key.text)
    password = key.body.token
    kannel = await startKannel({
      sendUrl: `${s.url}/api/kannel/direct.php`,
      userId: String(s.userId),
      password: key.body.token,
      modeB: true,
      moUrl: `${app.url}/mo?from=%p&to=%P&coding=%c&text=%a`,
    })
  })
  after(async () => {
    await kannel?.stop()
    await app?.close()
    await hooks?.close()
    await s?.close()
    await sim?.close()
  })

  const received = (to: string) =>
    waitFor(`the carrier's message to ${to}`, () =>
      sim.received().find((m) => m.to.replace(/^\+/, '') === to.replace(/^\+/, '')),
    )
  const appReport = (id: string) =>
    waitFor(`the report for ${id} at the application's dlr-url`, () =>
      app.received.find((r) => r.url.startsWith(`/dlr?id=${id}&`)),
    )

  it('GSM, UCS-2 and a 2-part message: Kannel counts them sent, the carrier gets them whole, receipts reach the dlr-url', async () => {
    const messages = [
      { id: 'gsm', to: '+491701110001', text: 'Hello from Kannel, 5 € [ok]', coding: '0' },
      { id: 'ucs', to: '+491701110002', text: 'Привет из Kannel 😀', coding: '2' },
      { id: 'long', to: '+491701110003', text: 'A'.repeat(100) + 'B'.repeat(100), coding: '0' },
    ]
    for (const m of messages) {
      const r = await kannel.sendsms({
        to: m.to,
        from: 'Taube',
        text: m.text,
        coding: m.coding,
        charset: 'UTF-8',
        'dlr-mask': '3',
        'dlr-url': `${app.url}/dlr?id=${m.id}&type=%d&to=%p`,
      })
      assert.equal(r.status, 202, r.text)
    }

    const gsm = await received('+491701110001')
    assert.equal(gsm.text, messages[0]!.text)
    assert.equal(gsm.dataCoding, 0)
    const ucs = await received('+491701110002')
    assert.equal(ucs.text, messages[1]!.text)
    assert.equal(ucs.dataCoding, 8)
    // Kannel split it (140 octets, 8-bit reference); the handset joins the two parts.
    const long = await received('+491701110003')
    assert.equal(long.parts, 2)
    assert.equal(long.text, messages[2]!.text)
    assert.equal(long.dataCoding, 0)

    // Kannel counted each part as sent, none as failed.
    // Kannel logs each message once all its parts went, none as failed.
    const sent = await waitFor('three sent messages in the access log', () => {
      const lines = kannel.accessLog().filter((l) => l.includes('Sent SMS [SMSC:taube]'))
      return lines.length >= 3 ? lines : undefined
    })
    assert.equal(sent.length, 3, sent.join('\n'))
    assert.deepEqual(
      kannel.accessLog().filter((l) => /FAILED/.test(l)),
      [],
    )
    // Kannel sent the long one as two requests, each part with its UDH: two messages of one part.
    const parts = await s.request('/sms?phone=491701110003', { token: s.token })
    assert.deepEqual(
      parts.body['hydra:member'].map((m: { parts_count: number }) => m.parts_count),
      [1, 1],
    )

    // Mode B: Taube called Kannel's receive port; Kannel found its messages and called the
    // application with type 1 (delivered to phone).
    for (const id of ['gsm', 'ucs', 'long']) {
      const r = await appReport(id)
      assert.match(r.url, /&type=1&/, r.url)
    }
    assert.match(await kannel.status(), /DLR: received [1-9]/)
  })

  it('without a dlr-url the receipt arrives as a Taube webhook (mode A)', async () => {
    const r = await kannel.sendsms({ to: '+491701110004', from: 'Taube', text: 'Mode A' })
    assert.equal(r.status, 202, r.text)
    await received('+491701110004')
    const list = await s.request('/sms?phone=491701110004', { token: s.token })
    const uuid = list.body['hydra:member'][0].uuid as string
    await waitFor('the delivered webhook', () =>
      hooks
        .json()
        .find((e) => e.name === 'sms.delivery' && e.data.id === uuid && e.data.dlr_code === 1),
    )
    assert.equal(
      app.received.filter((x) => x.url.includes(uuid)).length,
      0,
      'no call to any dlr-url',
    )
  })

  it("an inbound number forwards its SMS to Kannel's receive port, which passes them on", async () => {
    const number = await s.admin('/admin/inbound-numbers', {
      body: {
        number: '+4915790001234',
        account_id: s.userId,
        kannel_mo_url: `http://127.0.0.1:${kannel.receivePort}/?username=${s.userId}&password=${password}`,
      },
    })
    assert.equal(number.status, 201, number.text)
    for (const [id, text] of [
      ['gsm', 'Yes, table for 2 €'],
      ['ucs', 'Да, столик на двоих'],
    ] as const) {
      await sim.originateMo({ from: '+491701110005', to: '+4915790001234', text })
      // smsbox passes %a as Kannel holds it: UTF-8 for coding 0, UCS-2 (UTF-16BE) for coding 2.
      const mo = await waitFor(`the ${id} MO at the application`, () =>
        app.received
          .filter((r) => r.url.startsWith('/mo?'))
          .map((r) => parseKannelParams(r.url.slice(4)))
          .find((q) => {
            const coding = q.get('coding')!.toString()
            const bytes = q.get('text')!
            const got =
              coding === '2' ? Buffer.from(bytes).swap16().toString('utf16le') : bytes.toString()
            return got === text
          }),
      )
      assert.equal(mo.get('coding')!.toString(), id === 'gsm' ? '0' : '2')
      assert.equal(mo.get('from')!.toString(), '+491701110005')
      assert.equal(mo.get('to')!.toString(), '+4915790001234')
    }
  })
})
