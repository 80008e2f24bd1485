import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import pino from 'pino'
import { buildServer } from '../../src/api/server.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

const GENERATED = /^[a-f0-9]{32}$/

describe('X-Request-Id: a sane one from the client is the request id, else one is made', () => {
  let s: TestServer
  let app: FastifyInstance
  const logs: Record<string, unknown>[] = []
  before(async () => {
    s = await startTestServer({ logRequests: true })
    // A server of its own on the context, logging into a stream the test reads.
    s.ctx.log = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          for (const line of chunk.toString('utf8').split('\n'))
            if (line) logs.push(JSON.parse(line))
          done()
        },
      }),
    )
    app = await buildServer(s.ctx)
  })
  after(async () => {
    await app.close()
    await s.close()
  })

  it('echoes a sane incoming id in both headers and logs the request under it', async () => {
    const id = 'edge-7f3a.42:b_1'
    const r = await app.inject({ method: 'GET', url: '/healthz', headers: { 'X-Request-Id': id } })
    assert.equal(r.statusCode, 200)
    assert.equal(r.headers['x-request-id'], id)
    assert.equal(r.headers['x-lox24-request-id'], id)
    assert.ok(
      logs.some((l) => l.reqId === id),
      'a log line carries the id',
    )
  })

  it('echoes it on an error answer too', async () => {
    const id = '5c3e6a1e-4f7b-4d0e-9a57-8b1f2a3c4d5e'
    const r = await app.inject({ method: 'GET', url: '/sms', headers: { 'X-Request-Id': id } })
    assert.equal(r.statusCode, 401)
    assert.equal(r.headers['x-request-id'], id)
    assert.equal(r.headers['x-lox24-request-id'], id)
  })

  for (const [label, bad] of [
    ['too long', 'a'.repeat(129)],
    ['with a space', 'two words'],
    ['with a quote and angle brackets', '"<script>"'],
    ['empty', ''],
  ] as const) {
    it(`replaces one ${label} with a new id, and logs the new one`, async () => {
      const r = await app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { 'X-Request-Id': bad },
      })
      const id = String(r.headers['x-request-id'])
      assert.match(id, GENERATED)
      assert.equal(r.headers['x-lox24-request-id'], id)
      assert.ok(logs.some((l) => l.reqId === id))
      assert.ok(!logs.some((l) => l.reqId === bad))
    })
  }

  it('makes one when none is given, the same in both headers', async () => {
    const r = await app.inject({ method: 'GET', url: '/healthz' })
    assert.match(String(r.headers['x-request-id']), GENERATED)
    assert.equal(r.headers['x-request-id'], r.headers['x-lox24-request-id'])
  })
})
