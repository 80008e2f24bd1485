// The `taube smsc-sim --control-port` HTTP port, black-box: the real CLI process, a raw receiver
// ESME over SMPP, and fetch against the printed control address.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { readInbound } from '../../src/smpp/inbound-message.js'
import { decodeText } from '../../src/smpp/message-codec.js'
import { connectSmpp } from '../../src/smpp/session.js'
import type { SmppPdu, SmppSession } from '../../src/smpp/session.js'
import type { SimStats } from '../../src/smsc-sim/smsc-sim.js'
import { waitFor } from './helpers.js'

const ROOT = join(import.meta.dirname, '..', '..')
const ENTRY =
  "import { runCli } from './src/cli/index.ts'; process.exitCode = await runCli(process.argv.slice(1))"
const ESME_RSYSERR = 0x08

function smscSim(args: string[]) {
  return spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', ENTRY, 'smsc-sim', ...args],
    { cwd: ROOT },
  )
}

describe('taube smsc-sim --control-port', () => {
  let child: ReturnType<typeof smscSim>
  const output = { text: '' }
  let smppPort = 0
  let control = ''
  let receiver: SmppSession | null = null
  const inbox: SmppPdu[] = []
  let answerStatus = 0

  const post = async (body: unknown) => {
    const res = await fetch(`${control}/mo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }
  const stats = async () => (await (await fetch(`${control}/stats`)).json()) as SimStats

  before(async () => {
    const args = ['--port', '0', '--control-port', '0', '--system-id', 'ctl', '--password', 'pw']
    child = smscSim(args)
    child.stdout.on('data', (d) => (output.text += d))
    child.stderr.on('data', (d) => (output.text += d))
    await waitFor('the control line', () => /control on http:\/\/\S+:\d+/.test(output.text), 30_000)
    smppPort = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(output.text)![1])
    const controlPort = Number(/control on http:\/\/127\.0\.0\.1:(\d+)/.exec(output.text)![1])
    assert.ok(controlPort > 0, 'port 0 is printed as the port actually bound')
    control = `http://127.0.0.1:${controlPort}`
  })
  after(async () => {
    receiver?.destroy()
    if (child.exitCode === null) {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  })

  it('answers 409 while no receiver is bound, and sends nothing', async () => {
    const res = await post({ from: '+491701234567', to: '80888', text: 'Hi' })
    assert.equal(res.status, 409)
    assert.deepEqual(res.body, { error: 'no receiver or transceiver is bound' })
    assert.equal((await stats()).mosSent, 0)
  })

  const ok = { from: 'Bank', to: '80888', text: 'Hi' }
  const invalid: [string, unknown, string][] = [
    ['a missing text', { from: '+491701234567', to: '80888' }, 'text'],
    ['a numeric from', { ...ok, from: 491701234567 }, 'from'],
    ['an unknown encoding', { ...ok, encoding: 'latin1' }, 'encoding'],
    ['a misspelt option', { ...ok, viaDataSm: true }, 'viaDataSm'],
    ['non-GSM text as gsm7', { ...ok, text: 'Grüße 😀', encoding: 'gsm7' }, 'text'],
    ['a body that is not JSON', '{"from":', 'body'],
  ]
  for (const [name, body, field] of invalid) {
    it(`answers 400 naming ${field} for ${name}`, async () => {
      const res = await post(body)
      assert.equal(res.status, 400)
      assert.equal(res.body.field, field)
      assert.equal(typeof res.body.error, 'string')
    })
  }

  it('answers 404 elsewhere and 413 past 64 KiB', async () => {
    const notFound = await fetch(`${control}/mo`)
    assert.equal(notFound.status, 404)
    assert.equal(((await notFound.json()) as { error: string }).error, 'not found')
    const big = await post({ from: 'Bank', to: '80888', text: 'x'.repeat(64 * 1024) })
    assert.equal(big.status, 413)
  })

  describe('with a receiver bound', () => {
    before(async () => {
      receiver = await connectSmpp({ host: '127.0.0.1', port: smppPort })
      receiver.on('pdu:in', (pdu) => {
        inbox.push(pdu)
        receiver!.respond(pdu, answerStatus ? { command_status: answerStatus } : {})
      })
      const bind = await receiver.request('bind_receiver', { system_id: 'ctl', password: 'pw' })
      assert.equal(bind.command_status, 0)
    })

    it('sends a short GSM text as one deliver_sm with its addresses and text', async () => {
      const before = inbox.length
      const res = await post({ from: '+491701234567', to: '80888', text: 'Hello Taube 42' })
      assert.deepEqual(res, { status: 202, body: { sent: true, parts: 1 } })
      // Acknowledged before the answer, so it has already arrived.
      assert.equal(inbox.length, before + 1)
      const pdu = inbox.at(-1)!
      assert.equal(pdu.command, 'deliver_sm')
      assert.equal(pdu.source_addr, '491701234567')
      assert.equal(pdu.source_addr_ton, 1)
      assert.equal(pdu.destination_addr, '80888')
      assert.equal(pdu.esm_class, 0)
      assert.equal(pdu.data_coding, 0)
      // Unpacked GSM septets of these characters are their ASCII codes.
      assert.equal(Buffer.from(readInbound(pdu)!.body).toString('latin1'), 'Hello Taube 42')
    })

    it('splits a long text into UDH parts that join up to it', async () => {
      const text = 'The quick brown fox jumps over the lazy dog. '.repeat(8).trim()
      assert.equal(text.length, 359, 'three GSM parts of at most 153')
      const before = inbox.length
      const res = await post({ from: 'Bank', to: '491709876543', text, split: 'udh' })
      assert.deepEqual(res, { status: 202, body: { sent: true, parts: 3 } })
      const parts = inbox.slice(before).map((pdu) => {
        assert.equal(pdu.command, 'deliver_sm')
        assert.equal(Number(pdu.esm_class) & 0x40, 0x40, 'UDHI set')
        assert.equal(pdu.source_addr, 'Bank')
        assert.equal(pdu.destination_addr, '491709876543')
        return readInbound(pdu)!
      })
      assert.equal(parts.length, 3)
      assert.deepEqual(
        parts.map((p) => [p.concat?.total, p.concat?.seq]),
        [
          [3, 1],
          [3, 2],
          [3, 3],
        ],
      )
      assert.equal(new Set(parts.map((p) => p.concat?.ref)).size, 1, 'one reference')
      assert.equal(parts.map((p) => decodeText(p.dataCoding, p.body)).join(''), text)
    })

    it('sends data_sm with SAR when asked', async () => {
      const before = inbox.length
      const text = 'Grüße 😀 '.repeat(10)
      const res = await post({ from: 'Bank', to: '80888', text, via: 'data_sm', split: 'sar' })
      assert.deepEqual(res, { status: 202, body: { sent: true, parts: 2 } })
      const pdus = inbox.slice(before)
      assert.deepEqual(
        pdus.map((p) => [p.command, p.data_coding, p.sar_total_segments, p.sar_segment_seqnum]),
        [
          ['data_sm', 8, 2, 1],
          ['data_sm', 8, 2, 2],
        ],
      )
    })

    it('counts each MO in GET /stats', async () => {
      const was = await stats()
      assert.equal(was.binds, 1)
      assert.ok(was.mosSent >= 1, 'the earlier MOs')
      assert.equal((await post({ from: 'Bank', to: '80888', text: 'one more' })).status, 202)
      assert.equal((await stats()).mosSent, was.mosSent + 1)
    })

    it('answers 502 when the receiver refuses the deliver_sm, and does not count it', async () => {
      const was = (await stats()).mosSent
      answerStatus = ESME_RSYSERR
      try {
        const res = await post({ from: 'Bank', to: '80888', text: 'refused' })
        assert.equal(res.status, 502)
        assert.match(String(res.body.error), /deliver_sm refused: status 8/)
      } finally {
        answerStatus = 0
      }
      assert.equal((await stats()).mosSent, was)
    })
  })

  it('closes the control port and exits cleanly on SIGTERM', async () => {
    child.kill('SIGTERM')
    const [code] = await once(child, 'exit')
    assert.equal(code, 0, output.text)
    assert.match(output.text, /mo=4 \(stopped\)/)
    await assert.rejects(fetch(`${control}/stats`))
  })

  it('refuses --control-port 70000 with usage and exit code 2', async () => {
    const bad = smscSim(['--control-port', '70000'])
    let text = ''
    bad.stderr.on('data', (d) => (text += d))
    const [code] = await once(bad, 'exit')
    assert.equal(code, 2, text)
    assert.match(text, /usage: taube smsc-sim/)
    assert.match(text, /\[--control-port PORT\]/)
  })
})
