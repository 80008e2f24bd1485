import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { SmscSim } from '../../src/smsc-sim/smsc-sim.js'
import { getSms } from '../../src/services/sms/query-sms.js'
import { startSmppCarrier, textsTo } from '../helpers/smpp-carrier.js'
import { waitFor } from '../helpers/wait-for.js'
import { bindRows } from '../../src/cli/smpp.js'
import { SmppServer, type SmppServerOptions } from '../../src/smpp-server/server.js'
import { boundEsme, connectEsme, startGateway, type Gateway } from './helpers.js'

const TO = '491701234567'

describe('SMPP server: delivery receipts', () => {
  let g: Gateway
  let sim: SmscSim
  let password: string

  before(async () => {
    g = await startGateway({}, { delivery: true })
    sim = await startSmppCarrier(g)
    password = await g.smppPassword()
  })
  after(async () => {
    await g.close()
    await sim.close()
  })

  /** One more SMPP server over the gateway's store, on a port of its own. */
  const anotherServer = (
    o: Pick<SmppServerOptions, 'window' | 'throughputPerS' | 'receiptPollMs'>,
  ) =>
    new SmppServer(
      { services: g.ctx.deps, keyCache: g.ctx.keyCache, log: g.ctx.log },
      {
        host: '127.0.0.1',
        port: 0,
        tls: null,
        maxBindsPerAccount: 10,
        idleTimeoutMs: 60_000,
        enquireLinkMs: 60_000,
        responseTimeoutMs: 60_000,
        ...o,
      },
    )

  it('keeps a receipt until a receiver binds, then sends it as deliver_sm', async () => {
    const tx = await boundEsme(g, 'transmitter', password)
    const resp = await tx.send('submit_sm', {
      source_addr_ton: 5,
      source_addr: 'Taube',
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: TO,
      registered_delivery: 1,
      short_message: 'Receipt, please',
    })
    assert.equal(resp.command_status, 0)
    const plain = await tx.send('submit_sm', {
      dest_addr_ton: 1,
      destination_addr: TO,
      short_message: 'No receipt',
    })
    assert.equal(plain.command_status, 0)
    await waitFor('the carrier took both', () => textsTo(sim, TO).length >= 2 || undefined)
    await waitFor('both delivered', async () => {
      const a = await getSms(g.ctx.deps, g.userId, resp.message_id)
      const b = await getSms(g.ctx.deps, g.userId, plain.message_id)
      return (a.dlr_code === 1 && b.dlr_code === 1) || undefined
    })
    // The transmitter gets nothing; a receiver bound later gets the one receipt asked for.
    assert.equal(tx.delivered.length, 0)
    const rx = await boundEsme(g, 'receiver', password)
    await waitFor('the receipt', () => rx.delivered.length >= 1 || undefined)
    const dr = rx.delivered[0]!
    assert.equal(dr.esm_class, 0x04)
    assert.equal(dr.receipted_message_id, resp.message_id)
    assert.equal(dr.message_state, 2)
    assert.equal(dr.source_addr, TO)
    assert.equal(dr.destination_addr, 'Taube')
    const text = Buffer.from(dr.short_message.message ?? dr.short_message).toString('latin1')
    assert.match(
      text,
      new RegExp(
        `^id:${resp.message_id} sub:001 dlvrd:001 submit date:\\d{10} done date:\\d{10} stat:DELIVRD err:000 text:Receipt, please$`,
      ),
    )
    // Taken once: a second receiver gets nothing more.
    const rx2 = await boundEsme(g, 'transceiver', password)
    await new Promise((resolve) => setTimeout(resolve, 600))
    assert.equal(rx.delivered.length + rx2.delivered.length, 1)
    for (const e of [tx, rx, rx2]) e.close()
    await Promise.all([tx.closed, rx.closed, rx2.closed])
  })

  it('sends a receipt for each id the parts of a concatenated message were answered with', async () => {
    const trx = await boundEsme(g, 'transceiver', password)
    const part = (seq: number, text: string) =>
      Buffer.concat([Buffer.from([0x05, 0x00, 0x03, 0x51, 2, seq]), Buffer.from(text)])
    const submit = (seq: number, text: string) =>
      trx.send('submit_sm', {
        source_addr_ton: 5,
        source_addr: 'Taube',
        dest_addr_ton: 1,
        destination_addr: TO,
        esm_class: 0x40,
        registered_delivery: 1,
        short_message: part(seq, text),
      })
    const first = await submit(1, 'first half, ')
    const second = await submit(2, 'second half')
    assert.notEqual(first.message_id, second.message_id)
    await waitFor('two receipts', () => trx.delivered.length >= 2 || undefined)
    const ids = trx.delivered.map((d) => d.receipted_message_id).sort()
    assert.deepEqual(ids, [first.message_id, second.message_id].sort())
    trx.close()
    await trx.closed
  })

  it('sends inbound SMS for the account numbers as deliver_sm, also to a receiver bound later', async () => {
    const number = await g.admin('/admin/inbound-numbers', {
      body: { number: '+4915790000001', account_id: g.userId },
    })
    assert.equal(number.status, 201, number.text)
    await sim.originateMo({ from: '+491709999999', to: '+4915790000001', text: 'Hello back {1}' })
    const long = 'Длинный ответ '.repeat(8)
    await sim.originateMo({ from: '+491709999999', to: '+4915790000001', text: long })
    await new Promise((resolve) => setTimeout(resolve, 300))
    const rx = await boundEsme(g, 'transceiver', password)
    await waitFor('both inbound SMS', () => rx.delivered.length >= 2 || undefined)
    const [short, longOne] = rx.delivered
    assert.equal(short!.esm_class, 0)
    assert.equal(short!.source_addr, '491709999999')
    assert.equal(short!.source_addr_ton, 1)
    assert.equal(short!.destination_addr, '4915790000001')
    assert.equal(short!.data_coding, 0)
    assert.equal(short!.short_message.message, 'Hello back {1}')
    assert.equal(longOne!.data_coding, 8)
    const payload = longOne!.message_payload
    assert.equal(typeof payload === 'string' ? payload : payload.message, long)
    rx.close()
    await rx.closed
  })

  it('keeps at most the window of deliver_sm unanswered per bind', async () => {
    const narrow = anotherServer({ window: 2, throughputPerS: 100 })
    await narrow.start()
    try {
      for (let i = 0; i < 4; i++) {
        await sim.originateMo({ from: '+491709999999', to: '+4915790000001', text: `window ${i}` })
      }
      await new Promise((resolve) => setTimeout(resolve, 300))
      const esme = await connectEsme(narrow.ports.plain!, { answerDeliver: false })
      const bound = await esme.send('bind_receiver', { system_id: String(g.userId), password })
      assert.equal(bound.command_status, 0)
      await waitFor('the window full', () => esme.delivered.length >= 2 || undefined)
      await new Promise((resolve) => setTimeout(resolve, 400))
      assert.equal(esme.delivered.length, 2)
      // Each answer lets one more go.
      for (const pdu of esme.delivered.slice(0, 2)) esme.session.send(pdu.response())
      await waitFor('the rest', () => esme.delivered.length >= 4 || undefined)
      assert.equal(esme.delivered.length, 4)
      for (const pdu of esme.delivered.slice(2)) esme.session.send(pdu.response())
      esme.close()
      await esme.closed
    } finally {
      await narrow.stop()
    }
  })

  it('sends each receipt once when two SMPP servers over one store both have a receiver of the account', async () => {
    const second = anotherServer({ window: 10, throughputPerS: 1000, receiptPollMs: 20 })
    await second.start()
    try {
      const rxHere = await boundEsme(g, 'receiver', password)
      const esme = await connectEsme(second.ports.plain!)
      const bound = await esme.send('bind_receiver', { system_id: String(g.userId), password })
      assert.equal(bound.command_status, 0)
      const tx = await boundEsme(g, 'transmitter', password)
      const ids: string[] = []
      for (let i = 0; i < 40; i++) {
        const resp = await tx.send('submit_sm', {
          dest_addr_ton: 1,
          destination_addr: TO,
          registered_delivery: 1,
          short_message: `twice? ${i}`,
        })
        assert.equal(resp.command_status, 0)
        ids.push(resp.message_id)
      }
      const receipts = () => [...rxHere.delivered, ...esme.delivered]
      await waitFor('every receipt', () => receipts().length >= ids.length || undefined)
      await new Promise((resolve) => setTimeout(resolve, 600))
      const got = receipts().map((p) => p.receipted_message_id)
      assert.equal(got.length, ids.length, 'no receipt sent by both servers')
      assert.deepEqual([...got].sort(), [...ids].sort())
      for (const e of [rxHere, esme, tx]) e.close()
      await Promise.all([rxHere.closed, esme.closed, tx.closed])
    } finally {
      await second.stop()
    }
  })

  it('shows binds and per-bind counts in /metrics', async () => {
    const tx = await boundEsme(g, 'transmitter', password)
    await tx.send('submit_sm', { dest_addr_ton: 1, destination_addr: TO, short_message: 'm' })
    const text = (await g.request('/metrics')).text
    assert.match(
      text,
      new RegExp(`taube_smpp_server_binds\\{system_id="${g.userId}",bind_type="transmitter"\\} 1`),
    )
    assert.match(
      text,
      /taube_smpp_server_pdus_total\{system_id="\d+",bind="\d+",command="submit_sm",status="ok"\} 1/,
    )
    // What `taube smpp binds` shows.
    const rows = bindRows(text)
    assert.ok(rows.some((r) => r.system_id === String(g.userId) && r.submit_ok === 1))
    tx.close()
    await tx.closed
  })
})
