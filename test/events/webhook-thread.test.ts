// The webhook thread (src/app/webhook-thread.ts) against a real receiver on 127.0.0.1: what the
// crossing between threads adds to the transport's own behaviour (transports.test.ts runs that
// through the thread too).
import { afterEach, beforeEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startWebhookThread } from '../../src/app/webhook-thread.js'
import type { AttemptResult } from '../../src/events/transports/attempt.js'

type Thread = ReturnType<typeof startWebhookThread>

describe('webhook thread', () => {
  let server: Server
  let base: string
  /** Responses held back by /hold, answered by the test. */
  let held: ServerResponse[]
  let failures: Error[]
  let thread: Thread

  beforeEach(async () => {
    held = []
    failures = []
    server = createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        const path = new URL(req.url!, 'http://x').pathname
        const status = /^\/status\/(\d{3})$/.exec(path)
        if (path === '/hold') held.push(res)
        else if (status) res.writeHead(Number(status[1])).end()
        else res.end('ok')
      })
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    thread = startWebhookThread({ timeoutMs: 5_000, allowPrivate: true }, (err) => {
      failures.push(err)
    })
  })
  afterEach(async () => {
    for (const res of held) res.end()
    await thread.close()
    server.closeAllConnections()
    server.close()
  })

  it('gives each of many calls at once its own outcome', async () => {
    const statuses = Array.from({ length: 300 }, (_, i) => [200, 204, 404, 500, 503][i % 5]!)
    const results = await Promise.all(
      statuses.map((s, i) =>
        i % 2 === 0
          ? thread.post(`${base}/status/${s}`, JSON.stringify({ i }), {})
          : thread.get(`${base}/status/${s}`),
      ),
    )
    assert.deepEqual(
      results.map((r) => r.status),
      statuses,
    )
    assert.deepEqual(
      results.map((r) => r.ok),
      statuses.map((s) => s < 300),
    )
  })

  it('answers a quick call while a slow one of the same turn still waits', async () => {
    const slow = thread.post(`${base}/hold`, '{}', {})
    const quick = await thread.post(`${base}/status/200`, '{}', {})
    assert.equal(quick.status, 200)
    await waitFor(() => held.length === 1)
    held.shift()!.writeHead(202).end()
    assert.equal((await slow).status, 202)
  })

  it('lets calls made before a close finish, and refuses calls after', async () => {
    const inFlight = thread.post(`${base}/hold`, '{}', {})
    await waitFor(() => held.length === 1)
    const sameTurn = thread.post(`${base}/status/201`, '{}', {})
    const closed = thread.close()
    const late = await thread.post(`${base}/status/200`, '{}', {})
    assert.deepEqual(
      [late.ok, late.status, late.error],
      [false, null, 'the webhook client is closed'],
    )
    held.shift()!.writeHead(200).end()
    assert.deepEqual(pick(await inFlight), [true, 200, null])
    assert.deepEqual(pick(await sameTurn), [true, 201, null], 'made before the close: sent')
    await closed
    assert.deepEqual(failures, [], 'a stop is not a failure')
  })

  it('fails the calls waiting when the thread dies, and reports it once', async () => {
    const waiting = [thread.post(`${base}/hold`, '{}', {}), thread.get(`${base}/hold`)]
    await waitFor(() => held.length === 2)
    await thread.thread.terminate()
    for (const r of await Promise.all(waiting)) {
      assert.deepEqual(pick(r), [false, null, 'the webhook thread ended'])
    }
    // Calls after it fail at once too, never wait for a thread that is gone.
    assert.deepEqual(pick(await thread.get(`${base}/status/200`)), [
      false,
      null,
      'the webhook thread ended',
    ])
    assert.equal(failures.length, 1)
    assert.match(failures[0]!.message, /the webhook thread ended/)
  })
})

function pick(r: AttemptResult): [boolean, number | null, string | null] {
  return [r.ok, r.status, r.error]
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10))
  assert.ok(condition(), 'timed out waiting')
}
