// Inbound SMS end to end: `taube smsc-sim` (its own process) originates MO over a real SMPP
// session to the gateway process, driven through the simulator's control port.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { BIN, startTaube, type RunningTaube } from '../helpers/cli.js'
import { http } from '../helpers/http.js'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { waitFor } from '../helpers/wait-for.js'

const TOKEN = '1234567:e3f3a759b6677959b6ebfc0123456789'
const ADMIN = 'e2e-admin-token-0123456789'
const INBOUND = '+4915790000001'
const LONG_GSM =
  'Inbound over SMPP, long enough for three parts: {braces} [brackets] ~tilde~ '.repeat(5)
const LONG_UCS2 = 'Привет из сети, ещё раз 😀 grüße! '.repeat(6)

describe('inbound SMS from taube smsc-sim over SMPP', () => {
  let database: TestDatabase
  let sim: ChildProcess
  let simOut = ''
  let control = ''
  let taube: RunningTaube
  let hooks: Receiver
  const admin = (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
    http(taube.url, path, { method, body, headers: { Authorization: `Bearer ${ADMIN}` } })
  const api = (path: string, body?: unknown, method?: string) =>
    http(taube.url, path, { token: TOKEN, body, ...(method ? { method } : {}) })

  const originate = async (mo: Record<string, unknown>) => {
    const r = await fetch(`${control}/mo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(mo),
    })
    assert.equal(r.status, 202, await r.text())
  }
  const incoming = (text: string) =>
    waitFor(`"${text.slice(0, 20)}" in /incomings`, async () =>
      (
        (await api(`/incomings?text=${encodeURIComponent(text.slice(0, 40))}`)).body[
          'hydra:member'
        ] as any[]
      ).find((i) => i.text === text),
    )

  before(async () => {
    database = await createTestDatabase()
    hooks = await startReceiver()
    sim = spawn(process.execPath, [
      BIN,
      'smsc-sim',
      '--port',
      '0',
      '--control-port',
      '0',
      '--system-id',
      'taube',
      '--password',
      'secret',
      '--dlr-delay-ms',
      '20',
    ])
    sim.stdout!.on('data', (d) => (simOut += d))
    sim.stderr!.on('data', (d) => (simOut += d))
    await waitFor('the simulator', () => /control on http:\/\/\S+:\d+/.test(simOut), 20_000)
    const smppPort = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(simOut)![1])
    control = /control on (http:\/\/\S+:\d+)/.exec(simOut)![1]!

    taube = await startTaube({
      TAUBE_DATABASE_URL: database.url,
      TAUBE_BOOTSTRAP_TOKEN: TOKEN,
      TAUBE_ADMIN_TOKEN: ADMIN,
      TAUBE_WEBHOOK_ALLOW_PRIVATE: '1',
    })
    const put = await admin(
      '/admin/connectors/smsc',
      {
        kind: 'smpp',
        config: { host: '127.0.0.1', port: smppPort, systemId: 'taube', password: 'secret' },
      },
      'PUT',
    )
    assert.equal(put.status, 200, put.text)
    for (const r of (await admin('/admin/routes')).body.routes)
      await admin(`/admin/routes/${r.id}`, undefined, 'DELETE')
    assert.equal((await admin('/admin/routes', { connector_ids: ['smsc'] })).status, 201)
    assert.equal(
      (await admin('/admin/inbound-numbers', { number: INBOUND, account_id: 1234567 })).status,
      201,
    )
    assert.equal((await api('/webhooks', { uri: hooks.url, events: ['sms.incoming'] })).status, 201)
    await waitFor(
      'the bind',
      async () =>
        ((await (await fetch(`${control}/stats`)).json()) as { openSessions: number })
          .openSessions >= 1,
    )
  })
  after(async () => {
    await taube?.stop()
    if (sim && sim.exitCode === null) {
      sim.kill('SIGTERM')
      await once(sim, 'exit')
    }
    await hooks?.close()
    await database?.drop()
  })

  const cases: [string, Record<string, unknown>][] = [
    ['a single GSM message', { text: 'Hello @ gateway' }],
    ['a concatenated GSM message (UDH)', { text: LONG_GSM, split: 'udh' }],
    ['a concatenated UCS-2 message (UDH)', { text: LONG_UCS2, split: 'udh' }],
    [
      'a concatenated UCS-2 message (SAR in data_sm)',
      { text: `${LONG_UCS2}SAR`, split: 'sar', via: 'data_sm' },
    ],
  ]
  for (const [name, mo] of cases) {
    it(`${name} arrives in /incomings and as sms.incoming`, async () => {
      await originate({ from: '+491761112233', to: INBOUND, ...mo })
      const got = await incoming(mo.text as string)
      assert.equal(got.from, '+491761112233')
      assert.equal(got.to, INBOUND)
      assert.equal(got.msg_uuid, null)
      const event = await waitFor('sms.incoming', () =>
        hooks.json().find((e) => e.data.uuid === got.uuid),
      )
      assert.equal(event.name, 'sms.incoming')
      assert.equal(event.data.text, mo.text)
      assert.equal(event.data.phone, INBOUND)
      assert.equal(
        hooks.json().filter((e) => e.data.uuid === got.uuid).length,
        1,
        'once, not per part',
      )
    })
  }

  it('links a reply to the SMS it answers', async () => {
    const sent = await api('/sms', {
      phone: '+491779876543',
      sender_id: 'Taube',
      text: 'Did it arrive?',
    })
    assert.equal(sent.status, 201, sent.text)
    await waitFor('sent', async () => (await api(`/sms/${sent.body.uuid}`)).body.is_sent)
    await originate({ from: '+491779876543', to: '4930555000', text: 'Yes it did' })
    const got = await incoming('Yes it did')
    assert.equal(got.msg_uuid, sent.body.uuid)
    const event = await waitFor('sms.incoming of the reply', () =>
      hooks.json().find((e) => e.data.uuid === got.uuid),
    )
    assert.equal(event.data.msg_uuid, sent.body.uuid)
  })

  it('a reply to a verified number goes to its owner, not to another account that sent from it', async () => {
    const created = await admin('/admin/accounts', { name: 'Other', country: 'DE', balance: '10' })
    assert.equal(created.status, 201, created.text)
    const key = await admin(`/admin/accounts/${created.body.id}/keys`, { name: 'other' })
    const other = key.body.auth_header as string
    const owned = await admin('/admin/sender-numbers', {
      number: '+4930777000001',
      account_id: 1234567,
    })
    assert.equal(owned.status, 201, owned.text)
    const sent = await http(taube.url, '/sms', {
      token: other,
      body: { phone: '+491705550001', sender_id: '4930777000001', text: 'From a number not mine' },
    })
    assert.equal(sent.status, 201, sent.text)
    await waitFor(
      'sent',
      async () => (await http(taube.url, `/sms/${sent.body.uuid}`, { token: other })).body.is_sent,
    )
    await originate({
      from: '+491705550001',
      to: '4930777000001',
      text: 'For the owner of the number',
    })
    const got = await incoming('For the owner of the number')
    assert.equal(got.msg_uuid, null)
    const theirs = await http(taube.url, '/incomings', { token: other })
    assert.deepEqual(theirs.body['hydra:member'], [])

    // The code SMS of a registration leaves through the delivery thread to the carrier.
    const before = ((await (await fetch(`${control}/stats`)).json()) as { messages: number })
      .messages
    const registered = await http(taube.url, '/sender-numbers', {
      token: other,
      body: { number: '+4930777000002' },
    })
    assert.equal(registered.status, 201, registered.text)
    await waitFor(
      'the code SMS at the carrier',
      async () =>
        ((await (await fetch(`${control}/stats`)).json()) as { messages: number }).messages >
        before,
    )
    assert.equal(
      (await http(taube.url, '/sms', { token: other })).body['hydra:totalItems'],
      1,
      'only its own SMS',
    )
  })

  it('STOP unsubscribes the number and the next bulk skips it', async () => {
    const group = await api('/groups', { name: 'Customers' })
    const batch = await api(`/groups/${group.body.id}/phones/batch`, [
      { phone: '+491781111111' },
      { phone: '+491782222222' },
    ])
    assert.equal(batch.status, 201, batch.text)
    await originate({ from: '+491781111111', to: INBOUND, text: 'STOP' })
    await incoming('STOP')
    const bulk = await api('/bulks', {
      sender_id: 'Taube',
      text: 'Our offer',
      msg_groups: [group.body.id],
    })
    assert.equal(bulk.status, 201, bulk.text)
    await waitFor(
      'the bulk made',
      async () => (await api(`/bulks/${bulk.body.uuid}/status`)).body.status_code === 100,
    )
    const made = (await api(`/sms?bulk=${bulk.body.uuid}`)).body['hydra:member']
    assert.deepEqual(
      made.map((m: { phone: string }) => m.phone),
      ['+491782222222'],
    )
  })
})
