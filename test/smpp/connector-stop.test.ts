import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import net from 'node:net'
import { join } from 'node:path'
import { startSmscSim } from '../../src/smsc-sim/smsc-sim.js'
import { PASSWORD, SYSTEM_ID, connectorFor, message, recordingSink, waitFor } from './helpers.js'

describe('SMPP connector: stop', () => {
  it('unbinds every session and leaves nothing that keeps the process alive', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'stop-exits.ts')],
      {
        cwd: join(import.meta.dirname, '..', '..'),
      },
    )
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null]
    clearTimeout(killer)
    assert.equal(
      signal,
      null,
      `the process had to be killed: it did not exit by itself\n${out}${err}`,
    )
    assert.equal(code, 0, err)
    const stats = JSON.parse(out.trim().split('\n').at(-1)!)
    assert.deepEqual(stats.resources, [], 'no timer, socket or server left')
    assert.equal(stats.ok, 20)
    assert.equal(stats.binds, 4)
    assert.equal(stats.unbinds, 4, 'each of the 2 × (tx + rx) sessions unbound')
  })

  it('lets submits on the wire finish, refuses queued and new ones with a retry', async () => {
    const sim = await startSmscSim({
      port: 0,
      systemId: SYSTEM_ID,
      password: PASSWORD,
      submitRespDelayMs: 150,
    })
    const connector = connectorFor(sim, recordingSink(), { window: 3 })
    try {
      await connector.start()
      const pending = Array.from({ length: 8 }, () => connector.submit(message()))
      await waitFor('a full window at the SMSC', () => connector.stats().inFlight === 3)
      const stopped = connector.stop()
      const outcomes = await Promise.all(pending)
      await stopped
      assert.deepEqual(
        outcomes.map((o) => (o.ok ? 'ok' : `${o.retry}:${o.code}`)),
        ['ok', 'ok', 'ok', ...Array(5).fill('true:CONNECTOR_STOPPED')],
      )
      const late = await connector.submit(message())
      assert.deepEqual(late, { ok: false, retry: true, code: 'CONNECTOR_STOPPED' })
      assert.equal(connector.isUp(), false)
      await waitFor('the unbind at the SMSC', () => sim.stats().unbinds === 1)
      assert.equal(sim.stats().parts, 3)
    } finally {
      await connector.stop()
      await sim.close()
    }
  })

  it('settles a start still waiting for its bind', async () => {
    const mute = net.createServer((socket) => socket.on('error', () => undefined))
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve))
    const port = (mute.address() as net.AddressInfo).port
    const connector = connectorFor({ port }, recordingSink(), { requestTimeoutMs: 300 })
    try {
      const started = assert.rejects(connector.start(), /stopped/)
      await connector.stop()
      await started
      assert.equal(connector.isUp(), false)
    } finally {
      await new Promise((resolve) => mute.close(resolve))
    }
  })
})
