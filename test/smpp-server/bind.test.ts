import { selfSignedCert } from '../helpers/self-signed.js'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SMPP_STATUS } from '../../src/domain/dlr/smpp-errors.js'
import { boundEsme, connectEsme, startGateway, type Gateway } from './helpers.js'
import { waitFor } from '../helpers/wait-for.js'

describe('SMPP server: binds', () => {
  let g: Gateway
  let password: string
  let dir: string

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'taube-smpp-tls-'))
    const { cert, key } = selfSignedCert(dir, '127.0.0.1')
    g = await startGateway({ smppMaxBinds: 3 }, {}, { cert, key })
    password = await g.smppPassword()
  })
  after(async () => {
    await g.close()
    rmSync(dir, { recursive: true, force: true })
  })

  for (const type of ['transmitter', 'receiver', 'transceiver'] as const) {
    it(`binds as ${type} with the user id and the smpp key, and unbinds`, async () => {
      const esme = await connectEsme(g.port)
      const resp = await esme.send(`bind_${type}`, { system_id: String(g.userId), password })
      assert.equal(resp.command_status, 0)
      assert.equal(resp.system_id, 'Taube')
      await waitFor('the bind in the registry', () =>
        g.smpp.binds.list().some((b) => b.type === type),
      )
      const unbind = await esme.send('unbind')
      assert.equal(unbind.command_status, 0)
      await esme.closed
      await waitFor('the bind gone', () => g.smpp.binds.list().length === 0)
    })
  }

  it('refuses a wrong password and an unknown user', async () => {
    const esme = await connectEsme(g.port)
    const wrong = await esme.send('bind_transceiver', {
      system_id: String(g.userId),
      password: 'nope1234',
    })
    assert.equal(wrong.command_status, SMPP_STATUS.ESME_RBINDFAIL)
    const other = await esme.send('bind_transceiver', { system_id: '999999', password })
    assert.equal(other.command_status, SMPP_STATUS.ESME_RBINDFAIL)
    // The session is still usable: the right credentials bind it.
    const ok = await esme.send('bind_transceiver', { system_id: String(g.userId), password })
    assert.equal(ok.command_status, 0)
    const again = await esme.send('bind_transceiver', { system_id: String(g.userId), password })
    assert.equal(again.command_status, SMPP_STATUS.ESME_RALYBND)
    esme.close()
    await esme.closed
  })

  it('answers over-long system_id and password with their own status', async () => {
    const esme = await connectEsme(g.port)
    const id = await esme.send('bind_transmitter', { system_id: '1'.repeat(16), password })
    assert.equal(id.command_status, SMPP_STATUS.ESME_RINVSYSID)
    const pw = await esme.send('bind_transmitter', {
      system_id: String(g.userId),
      password: 'x'.repeat(9),
    })
    assert.equal(pw.command_status, SMPP_STATUS.ESME_RINVPASWD)
    esme.close()
    await esme.closed
  })

  it('binds over TLS', async () => {
    const esme = await boundEsme(g, 'transceiver', password, String(g.userId), { tls: true })
    const link = await esme.send('enquire_link')
    assert.equal(link.command_status, 0)
    esme.close()
    await esme.closed
  })

  it('refuses binds beyond the account maximum', async () => {
    const esmes = []
    for (let i = 0; i < 3; i++) esmes.push(await boundEsme(g, 'transmitter', password))
    const extra = await connectEsme(g.port)
    const resp = await extra.send('bind_transmitter', { system_id: String(g.userId), password })
    assert.equal(resp.command_status, SMPP_STATUS.ESME_RBINDFAIL)
    for (const e of [...esmes, extra]) e.close()
    await Promise.all([...esmes, extra].map((e) => e.closed))
  })

  it('answers requests before a bind with ESME_RINVBNDSTS', async () => {
    const esme = await connectEsme(g.port)
    const resp = await esme.send('submit_sm', {
      destination_addr: '491701234567',
      short_message: 'x',
    })
    assert.equal(resp.command_status, SMPP_STATUS.ESME_RINVBNDSTS)
    esme.close()
    await esme.closed
  })

  it('answers an unknown command with generic_nack, garbage with a closed session, and serves others meanwhile', async () => {
    const esme = await boundEsme(g, 'transceiver', password)
    const raw = net.connect({ host: '127.0.0.1', port: g.port })
    await new Promise((resolve) => raw.once('connect', resolve))
    const chunks: Buffer[] = []
    raw.on('data', (c) => chunks.push(c))
    const unknown = Buffer.alloc(16)
    unknown.writeUInt32BE(16, 0)
    unknown.writeUInt32BE(0x00000999, 4)
    unknown.writeUInt32BE(7, 12)
    raw.write(unknown)
    await waitFor('generic_nack', () => Buffer.concat(chunks).length >= 16)
    const nack = Buffer.concat(chunks)
    assert.equal(nack.readUInt32BE(4), 0x80000000)
    assert.equal(nack.readUInt32BE(8), SMPP_STATUS.ESME_RINVCMDID)
    assert.equal(nack.readUInt32BE(12), 7)
    // A length no PDU can have: the stream cannot be resynchronised, so the session closes.
    const closed = new Promise((resolve) => raw.once('close', resolve))
    raw.write(Buffer.from('GET / HTTP/1.1\r\n\r\n'))
    await closed
    // A PDU whose string runs past its end: closed as well.
    const raw2 = net.connect({ host: '127.0.0.1', port: g.port })
    raw2.on('error', () => undefined)
    await new Promise((resolve) => raw2.once('connect', resolve))
    const bad = Buffer.alloc(20, 0x41)
    bad.writeUInt32BE(20, 0)
    bad.writeUInt32BE(0x00000009, 4)
    bad.writeUInt32BE(0, 8)
    bad.writeUInt32BE(1, 12)
    const closed2 = new Promise((resolve) => raw2.once('close', resolve))
    raw2.write(bad)
    await closed2
    // The bound ESME never noticed.
    const link = await esme.send('enquire_link')
    assert.equal(link.command_status, 0)
    esme.close()
    await esme.closed
  })

  it('sends enquire_link when the ESME is quiet, and keeps a link that answers', async () => {
    const chatty = await startGateway({ smppEnquireLinkS: 1, smppIdleTimeoutS: 60 })
    try {
      const esme = await boundEsme(chatty, 'transceiver', await chatty.smppPassword())
      let links = 0
      esme.session.on('enquire_link', () => links++)
      await waitFor('two enquire_link', () => links >= 2 || undefined, 10_000)
      assert.equal(chatty.smpp.binds.list().length, 1)
      esme.close()
      await esme.closed
    } finally {
      await chatty.close()
    }
  })

  it('closes an idle session', async () => {
    const quiet = await startGateway({ smppIdleTimeoutS: 1 })
    try {
      const esme = await connectEsme(quiet.port)
      await esme.closed
    } finally {
      await quiet.close()
    }
  })
})
