// The simulator as a raw ESME sees it: what it accepts, refuses and reassembles.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { connectSmpp } from '../../src/smpp/session.js'
import type { SmppPdu, SmppSession } from '../../src/smpp/session.js'
import { encodeUcs2 } from '../../src/domain/encoding/gsm7.js'
import { startSmscSim } from '../../src/smsc-sim/smsc-sim.js'
import type { SmscSim } from '../../src/smsc-sim/smsc-sim.js'
import { PASSWORD, SYSTEM_ID, waitFor } from './helpers.js'

const ADDR = {
  source_addr: 'Shop',
  source_addr_ton: 5,
  destination_addr: '491701234567',
  dest_addr_ton: 1,
}

describe('SMSC simulator', () => {
  let sim: SmscSim
  const sessions: SmppSession[] = []
  const inbox: SmppPdu[] = []
  const open = async (bind: 'bind_transmitter' | 'bind_receiver' | null) => {
    const session = await connectSmpp({ host: '127.0.0.1', port: sim.port })
    sessions.push(session)
    session.on('pdu:in', (pdu) => {
      inbox.push(pdu)
      session.respond(pdu)
    })
    if (bind) {
      const resp = await session.request(bind, { system_id: SYSTEM_ID, password: PASSWORD })
      assert.equal(resp.command_status, 0)
    }
    return session
  }
  before(async () => {
    sim = await startSmscSim({ port: 0, systemId: SYSTEM_ID, password: PASSWORD, dlrDelayMs: 0 })
  })
  after(async () => {
    for (const s of sessions) s.destroy()
    await sim.close()
  })

  it('refuses submits before a bind and on a receiver, and a second bind', async () => {
    const unbound = await open(null)
    assert.equal((await unbound.request('submit_sm', ADDR)).command_status, 0x04)
    const rx = await open('bind_receiver')
    assert.equal((await rx.request('submit_sm', ADDR)).command_status, 0x04)
    const again = await rx.request('bind_receiver', { system_id: SYSTEM_ID, password: PASSWORD })
    assert.equal(again.command_status, 0x05)
  })

  it('takes data_sm with message_payload and Latin-1 submit_sm', async () => {
    const tx = await open('bind_transmitter')
    const a = await tx.request('data_sm', {
      ...ADDR,
      data_coding: 8,
      message_payload: Buffer.from(encodeUcs2('Grüße 😀')),
    })
    assert.equal(a.command, 'data_sm_resp')
    await waitFor('the data_sm', () => sim.received().some((m) => m.messageIds[0] === a.message_id))
    assert.equal(sim.received().find((m) => m.messageIds[0] === a.message_id)!.text, 'Grüße 😀')
    const b = await tx.request('submit_sm', {
      ...ADDR,
      data_coding: 3,
      short_message: Buffer.from('Grüße', 'latin1'),
    })
    await waitFor('the submit_sm', () =>
      sim.received().some((m) => m.messageIds[0] === b.message_id),
    )
    assert.equal(sim.received().find((m) => m.messageIds[0] === b.message_id)!.text, 'Grüße')
  })

  it('reassembles SAR parts arriving out of order', async () => {
    const tx = await open('bind_transmitter')
    const parts = ['one ', 'two ', 'three']
    const ids: string[] = []
    for (const seq of [3, 1, 2]) {
      const resp = await tx.request('submit_sm', {
        ...ADDR,
        data_coding: 0,
        short_message: Buffer.from(parts[seq - 1]!),
        sar_msg_ref_num: 0x1234,
        sar_total_segments: 3,
        sar_segment_seqnum: seq,
      })
      ids[seq - 1] = String(resp.message_id)
    }
    await waitFor('the SAR message', () => sim.received().some((m) => m.text === 'one two three'))
    const got = sim.received().find((m) => m.text === 'one two three')!
    assert.deepEqual(got.messageIds, ids)
    assert.equal(got.from, 'Shop')
  })

  it('a transmitter gets its receipts on a receiver of the same system_id; failure-only asks get none', async () => {
    const tx = await open('bind_transmitter')
    await open('bind_receiver')
    const before = inbox.length
    const asked = await tx.request('submit_sm', {
      ...ADDR,
      registered_delivery: 1,
      short_message: Buffer.from('a'),
    })
    const failureOnly = await tx.request('submit_sm', {
      ...ADDR,
      registered_delivery: 2,
      short_message: Buffer.from('b'),
    })
    await waitFor('the receipt', () => inbox.length > before)
    const probe = await tx.request('submit_sm', {
      ...ADDR,
      registered_delivery: 1,
      short_message: Buffer.from('c'),
    })
    await waitFor('the probe receipt', () =>
      inbox.some((p) => p.receipted_message_id === probe.message_id),
    )
    const ids = inbox.slice(before).map((p) => p.receipted_message_id)
    assert.deepEqual(ids, [asked.message_id, probe.message_id])
    assert.ok(!ids.includes(failureOnly.message_id))
    assert.equal(inbox.at(-1)!.esm_class, 0x04)
  })
})
