import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../../src/api/server.js'
import { startMetricsServer } from '../../src/api/metrics-server.js'
import { http } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

const TOKEN = 'metrics-token-0123456789'
const OUTSIDER = '203.0.113.9'

describe('/metrics without a token: loopback clients only', () => {
  let s: TestServer
  let app: FastifyInstance
  before(async () => {
    // The helper trusts X-Forwarded-For: the decision must not follow it.
    s = await startTestServer({}, { delivery: true })
    app = await buildServer(s.ctx)
  })
  after(async () => {
    await app.close()
    await s.close()
  })

  it('answers a client on this host, over a real socket', async () => {
    const r = await s.request('/metrics')
    assert.equal(r.status, 200)
    assert.match(r.text, /# TYPE/)
  })

  it('refuses a client on another address (the TCP peer, as the socket reports it)', async () => {
    const r = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: OUTSIDER })
    assert.equal(r.statusCode, 403)
    assert.equal(r.json().code, 'METRICS_FORBIDDEN')
    assert.match(String(r.headers['x-lox24-request-id']), /^[A-Za-z0-9]{32}$/)
    const claimed = await app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: OUTSIDER,
      headers: { 'X-Forwarded-For': '127.0.0.1' },
    })
    assert.equal(claimed.statusCode, 403, 'a forwarded header naming loopback opens nothing')
  })

  it('refuses a request a proxy on this host forwarded', async () => {
    const r = await s.request('/metrics', { headers: { 'X-Forwarded-For': OUTSIDER } })
    assert.equal(r.status, 403)
    assert.equal(r.body.code, 'METRICS_FORBIDDEN')
    const forwarded = await s.request('/metrics', { headers: { Forwarded: `for=${OUTSIDER}` } })
    assert.equal(forwarded.status, 403)
  })

  it('health stays open to everyone', async () => {
    const r = await app.inject({ method: 'GET', url: '/healthz', remoteAddress: OUTSIDER })
    assert.equal(r.statusCode, 200)
  })
})

describe('/metrics with TAUBE_METRICS_TOKEN', () => {
  let s: TestServer
  let app: FastifyInstance
  before(async () => {
    s = await startTestServer({ metricsToken: TOKEN }, { delivery: true })
    app = await buildServer(s.ctx)
  })
  after(async () => {
    await app.close()
    await s.close()
  })

  it('opens to another address with the token, and refuses a wrong or missing one with 401', async () => {
    const ok = await app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: OUTSIDER,
      headers: { Authorization: `Bearer ${TOKEN}` },
    })
    assert.equal(ok.statusCode, 200)
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, TOKEN]) {
      const r = await app.inject({
        method: 'GET',
        url: '/metrics',
        remoteAddress: OUTSIDER,
        headers: authorization === undefined ? {} : { Authorization: authorization },
      })
      assert.equal(r.statusCode, 401)
      assert.equal(r.json().code, 'UNAUTHENTICATED')
      assert.match(String(r.headers['www-authenticate']), /^Bearer/)
    }
  })

  it('a forwarded request from a local proxy needs the token too', async () => {
    const r = await s.request('/metrics', { headers: { 'X-Forwarded-For': OUTSIDER } })
    assert.equal(r.status, 401)
    const headers = { 'X-Forwarded-For': OUTSIDER, Authorization: `Bearer ${TOKEN}` }
    const ok = await s.request('/metrics', { headers })
    assert.equal(ok.status, 200)
  })
})

describe('/metrics on a listener of its own (TAUBE_METRICS_LISTEN)', () => {
  let s: TestServer
  let metrics: Awaited<ReturnType<typeof startMetricsServer>>
  before(async () => {
    s = await startTestServer({ metricsListen: '127.0.0.1:0' }, { delivery: true })
    metrics = await startMetricsServer(s.ctx, '127.0.0.1:0')
  })
  after(async () => {
    await metrics.app.close()
    await s.close()
  })

  it('serves metrics there and no longer on the API port', async () => {
    const there = await http(metrics.url, '/metrics')
    assert.equal(there.status, 200)
    assert.match(there.text, /# TYPE/)
    const api = await s.request('/metrics')
    assert.equal(api.status, 404)
    assert.equal(api.body.code, 'ROUTE_NOT_FOUND')
  })

  it('answers every client that reaches it when no token is set', async () => {
    const r = await metrics.app.inject({ method: 'GET', url: '/metrics', remoteAddress: OUTSIDER })
    assert.equal(r.statusCode, 200)
    const other = await http(metrics.url, '/other')
    assert.equal(other.status, 404)
    assert.equal(other.body.code, 'ROUTE_NOT_FOUND')
    assert.match(other.headers.get('x-lox24-request-id') ?? '', /^[A-Za-z0-9]{32}$/)
  })
})
