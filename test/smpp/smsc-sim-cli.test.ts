import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { connectSmpp } from '../../src/smpp/session.js'
import { waitFor } from './helpers.js'

const ROOT = join(import.meta.dirname, '..', '..')
const ENTRY =
  "import { runCli } from './src/cli/index.ts'; process.exitCode = await runCli(process.argv.slice(1))"

function taube(args: string[]) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', ENTRY, ...args],
    { cwd: ROOT },
  )
  const output = { text: '' }
  child.stdout.on('data', (d) => (output.text += d))
  child.stderr.on('data', (d) => (output.text += d))
  return { child, output }
}

describe('taube smsc-sim', () => {
  it('serves SMPP with the given credentials, prints counters, and exits cleanly on SIGTERM', async () => {
    const { child, output } = taube([
      'smsc-sim',
      '--port',
      '0',
      '--system-id',
      'cli',
      '--password',
      'pw',
      '--dlr-mix',
      'expired=1',
      '--dlr-delay-ms',
      '0',
      '--stats-every-s',
      '1',
    ])
    try {
      await waitFor(
        'the listening line',
        () => /listening on 127\.0\.0\.1:\d+/.test(output.text),
        30_000,
      )
      const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(output.text)![1])
      const session = await connectSmpp({ host: '127.0.0.1', port })
      const receipts: string[] = []
      session.on('pdu:in', (pdu) => {
        receipts.push(String(pdu.receipted_message_id))
        assert.equal(pdu.message_state, 3, 'EXPIRED per the mix')
        session.respond(pdu)
      })
      assert.equal(
        (await session.request('bind_transceiver', { system_id: 'cli', password: 'nope' }))
          .command_status,
        0x0d,
      )
      assert.equal(
        (await session.request('bind_transceiver', { system_id: 'cli', password: 'pw' }))
          .command_status,
        0,
      )
      const resp = await session.request('submit_sm', {
        destination_addr: '491701234567',
        registered_delivery: 1,
        data_coding: 0,
        short_message: Buffer.from('Hi'),
      })
      assert.equal(resp.command_status, 0)
      await waitFor('the receipt', () => receipts.length === 1)
      assert.equal(receipts[0], resp.message_id)
      await waitFor('a counters line', () =>
        /binds=1 .*submit_sm=1 parts=1 messages=1 .*receipts=1/.test(output.text),
      )
      await session.close()
    } finally {
      child.kill('SIGTERM')
    }
    const [code] = await once(child, 'exit')
    assert.equal(code, 0, output.text)
    // The session count may still be 1: SIGTERM can overtake the client's close on the wire.
    assert.match(output.text, /binds=1 sessions=[01] submit_sm=1 .* \(stopped\)/)
  })

  const bad: string[][] = [
    ['--dlr-mix', 'lost=1'],
    ['--port', 'x'],
    ['--drop-every', '0'],
    ['--tls-key', 'k.pem'],
  ]
  for (const args of bad) {
    it(`refuses ${args.join(' ')} with usage and exit code 2`, async () => {
      const { child, output } = taube(['smsc-sim', ...args])
      const [code] = await once(child, 'exit')
      assert.equal(code, 2, output.text)
      assert.match(output.text, /usage: taube smsc-sim/)
    })
  }
})
