import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { openSocket, rawExchange } from '../helpers/raw-http.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'
import { issueShortLink } from '../../src/services/links/issue-links.js'

// A link clicked again while the resolver holds its answer is answered before Fastify
// (api/links/redirect-fast-lane.ts). The clock stands still here, so every click after the first
// takes that lane; the answers, the clicks and the metrics must be those of the framework's route,
// and the edge's own checks (Host, idle connections) must still come first.

const UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'

describe('short-link redirects answered before the framework', () => {
  let s: TestServer
  let port: number

  before(async () => {
    s = await startTestServer({
      publicUrl: 'https://gw.example.com',
      httpIdleTimeoutMs: 400,
      httpKeepAliveTimeoutMs: 300,
    })
    port = Number(new URL(s.url).port)
  })
  after(() => s.close())

  const link = (target: string) => issueShortLink(s.ctx.deps, s.userId, target).then((l) => l.code)
  const click = (code: string, headers: Record<string, string> = {}) =>
    fetch(`${s.url}/l/${code}`, { headers: { 'user-agent': UA, ...headers }, redirect: 'manual' })
  const redirectCount = async () => {
    const text = (await s.request('/metrics')).text
    const m =
      /taube_http_requests_total\{method="GET",route="\/l\/:code",status="302"\} (\d+)/.exec(text)
    return Number(m?.[1] ?? 0)
  }

  it('answers as the route does: the same headers, the click recorded with its forwarded address, counted in /metrics', async () => {
    const code = await link('https://shop.example.com/lane?x=1')
    const before = await redirectCount()
    const answers = []
    for (const ip of ['8.8.8.8', '85.214.132.117, 8.8.8.8', '85.214.132.117']) {
      const r = await click(code, {
        'x-forwarded-for': ip,
        'x-request-id': `trace-${answers.length}`,
      })
      assert.equal(r.status, 302)
      answers.push({
        location: r.headers.get('location'),
        cache: r.headers.get('cache-control'),
        length: r.headers.get('content-length'),
        requestId: r.headers.get('x-lox24-request-id'),
        echoed: r.headers.get('x-request-id'),
        body: await r.text(),
      })
    }
    assert.deepEqual(
      answers.map((a) => a.requestId),
      ['trace-0', 'trace-1', 'trace-2'],
    )
    for (const a of answers) {
      assert.deepEqual(
        { ...a, requestId: null, echoed: null },
        {
          location: 'https://shop.example.com/lane?x=1',
          cache: 'no-store',
          length: '0',
          requestId: null,
          echoed: null,
          body: '',
        },
      )
      assert.equal(a.echoed, a.requestId)
    }
    assert.equal((await redirectCount()) - before, 3)

    const clicks = await waitFor('three clicks', async () => {
      const rows = await s.ctx.deps.db
        .selectFrom('link_clicks')
        .select(['ip', 'country', 'browser', 'os', 'url', 'account_id'])
        .where('link_code', '=', code)
        .orderBy('id')
        .execute()
      return rows.length === 3 ? rows : undefined
    })
    // The test (127.0.0.1) is the one trusted proxy: the address it forwarded is the client, and
    // whatever a client wrote to the left of it is not believed.
    assert.deepEqual(
      clicks.map((c) => [c.ip, c.country, c.browser, c.os, c.url, Number(c.account_id)]),
      [
        ['8.8.8.8', 'US', 'Safari', 'iOS', 'https://shop.example.com/lane?x=1', s.userId],
        ['8.8.8.8', 'US', 'Safari', 'iOS', 'https://shop.example.com/lane?x=1', s.userId],
        ['85.214.132.117', 'DE', 'Safari', 'iOS', 'https://shop.example.com/lane?x=1', s.userId],
      ],
    )
  })

  it('leaves the edge its checks: an HTTP/1.1 request without Host is refused, also for a held link', async () => {
    const code = await link('https://shop.example.com/host')
    assert.equal((await click(code)).status, 302)
    const r = await rawExchange(port, `GET /l/${code} HTTP/1.1\r\nConnection: close\r\n\r\n`)
    assert.equal(r.status, 400)
    assert.equal(r.body.code, 'MALFORMED_REQUEST')
  })

  it('an idle keep-alive connection after its redirect is closed without an answer, not with 408', async () => {
    const code = await link('https://shop.example.com/idle')
    assert.equal((await click(code)).status, 302)
    const socket = await openSocket(port)
    const text = await new Promise<string>((resolve) => {
      let got = ''
      socket.on('data', (d) => (got += d.toString('latin1')))
      socket.on('close', () => resolve(got))
      socket.write(`GET /l/${code} HTTP/1.1\r\nHost: x\r\n\r\n`)
    })
    const answers = text.match(/^HTTP\/1\.1 \d+/gm)
    assert.deepEqual(answers, ['HTTP/1.1 302'], text)
    assert.match(text, /location: https:\/\/shop\.example\.com\/idle/i)
  })

  it('a request the lane does not take goes to the route: HEAD, a query, an unknown code', async () => {
    const code = await link('https://shop.example.com/other')
    assert.equal((await click(code)).status, 302)
    const head = await fetch(`${s.url}/l/${code}`, { method: 'HEAD', redirect: 'manual' })
    assert.equal(head.status, 302)
    assert.equal(head.headers.get('location'), 'https://shop.example.com/other')
    const query = await fetch(`${s.url}/l/${code}?utm=1`, { redirect: 'manual' })
    assert.equal(query.status, 302)
    assert.equal(query.headers.get('location'), 'https://shop.example.com/other')
    assert.equal((await click('Zz00Zz00')).status, 404)
    assert.equal((await click('Zz00Zz00')).status, 404)
  })
})
