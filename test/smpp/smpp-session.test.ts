import { selfSignedCert } from '../helpers/self-signed.js'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SmppRequestError, acceptSmpp, connectSmpp, messageBytes } from '../../src/smpp/session.js'
import type { SmppPdu, SmppSession } from '../../src/smpp/session.js'
import { startSmscSim } from '../../src/smsc-sim/smsc-sim.js'
import { PASSWORD, SYSTEM_ID, connectorFor, message, recordingSink } from './helpers.js'

/** A loopback server whose sessions behave as `onPdu` says. */
async function peer(onPdu: (session: SmppSession, pdu: SmppPdu) => void) {
  const sessions: SmppSession[] = []
  const server = net.createServer((socket) => {
    const session = acceptSmpp(socket)
    sessions.push(session)
    session.on('error', () => undefined)
    session.on('pdu:in', (pdu) => onPdu(session, pdu))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  return {
    port,
    sessions,
    close: async () => {
      for (const s of sessions) s.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

describe('SmppSession', () => {
  it('rejects a request that gets no answer in time, and forgets it', async () => {
    const silent = await peer(() => undefined)
    const session = await connectSmpp({ host: '127.0.0.1', port: silent.port })
    try {
      const err = await session
        .request('enquire_link', {}, { timeoutMs: 100 })
        .catch((e: unknown) => e)
      assert.ok(err instanceof SmppRequestError)
      assert.equal(err.code, 'TIMEOUT')
      assert.equal(session.pending, 0)
    } finally {
      session.destroy()
      await silent.close()
    }
  })

  it('drops the link on a malformed stream, and on a PDU its handler fails on', async () => {
    // A raw peer: writes what it is given, answers nothing.
    const sockets: net.Socket[] = []
    const raw = net.createServer((socket) => sockets.push(socket.on('error', () => undefined)))
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve))
    const port = (raw.address() as net.AddressInfo).port
    try {
      const cases: [string, Buffer, (s: SmppSession) => void][] = [
        ['a length below the header', Buffer.from('0000000800000015', 'hex'), () => undefined],
        [
          'a handler that throws',
          Buffer.from('00000010000000150000000000000001', 'hex'),
          (s) =>
            s.on('pdu:in', () => {
              throw new Error('handler failed')
            }),
        ],
      ]
      for (const c of cases) {
        const [name, bytes, listen] = c
        const session = await connectSmpp({ host: '127.0.0.1', port })
        const errors: Error[] = []
        session.on('error', (err) => errors.push(err))
        listen(session)
        const pending = session
          .request('enquire_link', {}, { timeoutMs: 5_000 })
          .catch((e: unknown) => e)
        while (sockets.length === cases.indexOf(c)) await new Promise((r) => setTimeout(r, 5))
        sockets.at(-1)!.write(bytes)
        const failed = await pending
        assert.ok(failed instanceof SmppRequestError && failed.code === 'LINK_DOWN', name)
        assert.equal(session.closed, true, name)
        assert.equal(errors.length, 1, name)
      }
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => raw.close(resolve))
    }
  })

  it('fails every pending request when the link closes, and later ones at once', async () => {
    const dropper = await peer((s, pdu) => pdu.command === 'enquire_link' && s.destroy())
    const session = await connectSmpp({ host: '127.0.0.1', port: dropper.port })
    const closed = once(session, 'close')
    const a = session.request(
      'submit_sm',
      { short_message: new Uint8Array([0x41]) },
      { timeoutMs: 60_000 },
    )
    const b = session.request('enquire_link', {}, { timeoutMs: 60_000 })
    for (const p of [a, b]) {
      const err = await p.catch((e: unknown) => e)
      assert.ok(err instanceof SmppRequestError && err.code === 'LINK_DOWN', String(err))
    }
    await closed
    assert.equal(session.closed, true)
    const late = await session.request('enquire_link').catch((e: unknown) => e)
    assert.ok(late instanceof SmppRequestError && late.code === 'LINK_DOWN')
    await dropper.close()
  })

  it('resolves with the response whatever its status, and close() unbinds first', async () => {
    const commands: string[] = []
    const server = await peer((s, pdu) => {
      commands.push(pdu.command)
      if (pdu.command === 'bind_transceiver') s.respond(pdu, { command_status: 0x0d })
      else s.respond(pdu)
    })
    const session = await connectSmpp({ host: '127.0.0.1', port: server.port })
    const resp = await session.request('bind_transceiver', { system_id: 'a', password: 'b' })
    assert.equal(resp.command, 'bind_transceiver_resp')
    assert.equal(resp.command_status, 0x0d)
    await session.close({ timeoutMs: 2000 })
    assert.deepEqual(commands, ['bind_transceiver', 'unbind'])
    assert.equal(session.closed, true)
    await server.close()
  })

  it('keeps the exact bytes of short_message and message_payload', async () => {
    const received: SmppPdu[] = []
    const server = await peer((s, pdu) => {
      received.push(pdu)
      s.respond(pdu, { message_id: '1' })
    })
    const session = await connectSmpp({ host: '127.0.0.1', port: server.port })
    try {
      // 0xE4 under data_coding 0: the package itself would turn it into a space.
      const short = Uint8Array.from([0x48, 0xe4, 0x1b, 0x65, 0x00, 0x7f])
      const payload = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff)
      await session.request('submit_sm', {
        source_addr: 'A',
        destination_addr: '49170',
        schedule_delivery_time: '',
        validity_period: '000002000000000R',
        data_coding: 0,
        short_message: short,
      })
      await session.request('submit_sm', {
        destination_addr: '1',
        data_coding: 4,
        message_payload: payload,
      })
      await session.request('deliver_sm', {
        esm_class: 4,
        data_coding: 0,
        short_message: Buffer.from('id:x stat:DELIVRD'),
      })
      assert.deepEqual(messageBytes(received[0]!), {
        shortMessage: Buffer.from(short),
        messagePayload: null,
      })
      assert.deepEqual(messageBytes(received[1]!), {
        shortMessage: Buffer.alloc(0),
        messagePayload: Buffer.from(payload),
      })
      assert.equal(
        Buffer.from(messageBytes(received[2]!)!.shortMessage).toString('latin1'),
        'id:x stat:DELIVRD',
      )
    } finally {
      session.destroy()
      await server.close()
    }
  })
})

describe('SmppSession over TLS', () => {
  let dir = ''
  let key = ''
  let cert = ''
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'taube-tls-'))
    const made = selfSignedCert(dir, 'localhost')
    key = readFileSync(made.key, 'utf8')
    cert = readFileSync(made.cert, 'utf8')
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('refuses an unverified certificate unless told otherwise, and binds when told', async () => {
    const sim = await startSmscSim({
      port: 0,
      systemId: SYSTEM_ID,
      password: PASSWORD,
      tls: { key, cert },
    })
    try {
      await assert.rejects(
        connectSmpp({ host: '127.0.0.1', port: sim.port, tls: { rejectUnauthorized: true } }),
        /self[- ]signed/i,
      )
      const trusting = await connectSmpp({
        host: '127.0.0.1',
        port: sim.port,
        tls: { rejectUnauthorized: false },
      })
      const resp = await trusting.request('bind_transceiver', {
        system_id: SYSTEM_ID,
        password: PASSWORD,
      })
      assert.equal(resp.command_status, 0)
      await trusting.close()
      const pinned = await connectSmpp({
        host: '127.0.0.1',
        port: sim.port,
        tls: { rejectUnauthorized: true, ca: cert, servername: 'localhost' },
      })
      assert.equal(
        (await pinned.request('bind_transceiver', { system_id: SYSTEM_ID, password: PASSWORD }))
          .command_status,
        0,
      )
      await pinned.close()
      assert.equal(sim.stats().binds, 2)
      assert.equal(sim.stats().unbinds, 2)
    } finally {
      await sim.close()
    }
  })

  it('the connector verifies by default and binds with tlsRejectUnauthorized false', async () => {
    const sim = await startSmscSim({
      port: 0,
      systemId: SYSTEM_ID,
      password: PASSWORD,
      tls: { key, cert },
    })
    const strict = connectorFor(sim, recordingSink(), { tls: true })
    const lenient = connectorFor(sim, recordingSink(), { tls: true, tlsRejectUnauthorized: false })
    try {
      await assert.rejects(strict.start(), /self[- ]signed/i)
      await strict.stop()
      await lenient.start()
      assert.equal((await lenient.submit(message())).ok, true)
    } finally {
      await lenient.stop()
      await sim.close()
    }
  })
})
