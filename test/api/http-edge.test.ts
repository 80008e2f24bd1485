import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Socket } from 'node:net'
import { openSocket, parseResponse, rawExchange, type RawResponse } from '../helpers/raw-http.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

const REQUEST_ID = /^[A-Za-z0-9]{32}$/

/** The Hydra error body and the request id header, on a response read off the socket. */
function assertHydra(r: RawResponse, status: number, code: string): void {
  assert.equal(r.status, status, JSON.stringify(r.body))
  assert.match(r.headers['content-type'] ?? '', /^application\/ld\+json/)
  assert.match(r.headers['x-lox24-request-id'] ?? '', REQUEST_ID)
  assert.equal(r.body['@context'], '/contexts/Error')
  assert.equal(r.body['@type'], 'hydra:Error')
  assert.equal(typeof r.body['hydra:description'], 'string')
  assert.equal(r.body.code, code)
}

const portOf = (s: TestServer) => Number(new URL(s.url).port)

/** The rest of a request head that asks the server to close after its answer. */
const CLOSE = 'Host: x\r\nConnection: close\r\n\r\n'

describe('HTTP edge: errors outside the routes answer in the Hydra shape with a request id', () => {
  let s: TestServer
  let port: number
  before(async () => {
    s = await startTestServer()
    port = portOf(s)
  })
  after(() => s.close())

  it('headers over Node’s limit: 431', async () => {
    const big = 'a'.repeat(20_000)
    const r = await rawExchange(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${big}\r\n\r\n`)
    assertHydra(r, 431, 'HEADERS_TOO_LARGE')
    assert.equal(r.closedByServer, true)
  })

  it('a request line over the limit: 414, whether or not Node’s header limit is reached', async () => {
    const huge = await rawExchange(
      port,
      `GET /sms?x=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    )
    assertHydra(huge, 414, 'URI_TOO_LONG')
    const long = await rawExchange(port, `GET /sms?x=${'a'.repeat(9000)} HTTP/1.1\r\n${CLOSE}`)
    assertHydra(long, 414, 'URI_TOO_LONG')
  })

  it('a path id over 100 characters: 414', async () => {
    const r = await rawExchange(port, `GET /sms/${'a'.repeat(150)} HTTP/1.1\r\n${CLOSE}`)
    assertHydra(r, 414, 'URI_TOO_LONG')
  })

  it('bad percent-encoding in the path: 400', async () => {
    for (const path of ['/groups/%FF%FE', '/%FF%FE']) {
      const r = await rawExchange(port, `GET ${path} HTTP/1.1\r\n${CLOSE}`)
      assertHydra(r, 400, 'MALFORMED_URL')
    }
  })

  it('a request that is not HTTP: 400', async () => {
    const junks = [
      'HELLO\r\n\r\n',
      'GET / HTTP/9.9\r\n\r\n',
      'GET /healthz HTTP/1.1\r\nBad Header\r\n\r\n',
    ]
    for (const junk of junks) {
      const r = await rawExchange(port, junk)
      assertHydra(r, 400, 'MALFORMED_REQUEST')
      assert.equal(r.closedByServer, true)
    }
  })

  it('HTTP/1.1 without Host: 400', async () => {
    const r = await rawExchange(port, 'GET /healthz HTTP/1.1\r\n\r\n')
    assertHydra(r, 400, 'MALFORMED_REQUEST')
  })

  it('an Expect other than 100-continue: 417; CONNECT: 405', async () => {
    const expect = await rawExchange(
      port,
      'GET /healthz HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n',
    )
    assertHydra(expect, 417, 'EXPECTATION_FAILED')
    const connect = await rawExchange(
      port,
      'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
    )
    assertHydra(connect, 405, 'METHOD_NOT_ALLOWED')
  })

  it('a wrong method on an existing path: 405 with Allow; an unknown path stays 404', async () => {
    const patch = await s.request('/sms', { method: 'PATCH', token: s.token, body: {} })
    assert.equal(patch.status, 405)
    assert.equal(patch.headers.get('allow'), 'GET, HEAD, POST')
    assert.equal(patch.body.code, 'METHOD_NOT_ALLOWED')
    assert.match(patch.headers.get('x-lox24-request-id') ?? '', REQUEST_ID)
    const one = '/sms/0192f6a0-0000-7000-8000-000000000000'
    const put = await s.request(one, { method: 'PUT', token: s.token, body: {} })
    assert.equal(put.status, 405)
    assert.match(put.headers.get('allow') ?? '', /GET/)
    const unknown = await s.request('/nothing-here', { method: 'PATCH' })
    assert.equal(unknown.status, 404)
    assert.equal(unknown.body.code, 'ROUTE_NOT_FOUND')
  })
})

describe('HTTP edge: connections that never finish are cut', () => {
  let s: TestServer
  let port: number
  before(async () => {
    // Short on purpose: the behaviour is under test, not the defaults.
    s = await startTestServer({
      httpIdleTimeoutMs: 400,
      httpRequestTimeoutMs: 1500,
      httpHeadersTimeoutMs: 1000,
    })
    port = portOf(s)
  })
  after(() => s.close())

  const sendHead = (token: string, length: number) =>
    `POST /sms HTTP/1.1\r\nHost: x\r\nX-LOX24-AUTH-TOKEN: ${token}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`

  it('a body that stops coming: 408 after the idle timeout, and the connection is closed', async () => {
    const r = await rawExchange(port, `${sendHead(s.token, 1000)}{"text":`)
    assertHydra(r, 408, 'REQUEST_TIMEOUT')
    assert.equal(r.closedByServer, true)
  })

  it('a body that trickles in forever: 408 after the request timeout', async () => {
    const drip = Array.from({ length: 80 }, () => ' ')
    const r = await rawExchange(port, [sendHead(s.token, 1000), ...drip], { gapMs: 100 })
    assertHydra(r, 408, 'REQUEST_TIMEOUT')
    assert.equal(r.closedByServer, true)
  })

  it('headers that stop coming: 408', async () => {
    const r = await rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n')
    assertHydra(r, 408, 'REQUEST_TIMEOUT')
  })

  it('headers that trickle in forever: 408 after the headers timeout', async () => {
    const lines = Array.from({ length: 80 }, (_, i) => `X-Drip-${i}: 1\r\n`)
    const r = await rawExchange(port, ['GET /healthz HTTP/1.1\r\nHost: x\r\n', ...lines], {
      gapMs: 100,
    })
    assertHydra(r, 408, 'REQUEST_TIMEOUT')
    assert.equal(r.closedByServer, true)
  })

  it('a connection that never sends anything is closed without an answer', async () => {
    const r = await rawExchange(port, '')
    assert.equal(r.closedByServer, true)
    assert.equal(r.status, undefined)
  })
})

describe('HTTP edge: open connections per client address are capped', () => {
  let s: TestServer
  let port: number
  const MAX = 3
  before(async () => {
    s = await startTestServer({ httpMaxConnectionsPerAddress: MAX })
    port = portOf(s)
  })
  after(() => s.close())

  /** A keep-alive connection that has had one answer, so the server surely holds it. */
  async function holdConnection(localAddress: string): Promise<Socket> {
    const socket = await openSocket(port, localAddress)
    let text = ''
    socket.on('data', (d) => (text += d.toString('latin1')))
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n')
    await waitFor('the answer on a held connection', () => parseResponse(text)?.status === 200)
    return socket
  }

  it('a flood from one address is refused with 429 while another client still gets through', async () => {
    const held = [] as Socket[]
    for (let i = 0; i < MAX; i++) held.push(await holdConnection('127.0.0.1'))
    try {
      const refused = await rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', {
        localAddress: '127.0.0.1',
      })
      assertHydra(refused, 429, 'TOO_MANY_CONNECTIONS')
      assert.equal(refused.closedByServer, true)

      const other = await rawExchange(
        port,
        'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
        {
          localAddress: '127.0.0.2',
        },
      )
      assert.equal(other.status, 200)

      // A freed slot is open again.
      held.pop()!.destroy()
      await waitFor('a slot for 127.0.0.1 again', async () => {
        const r = await rawExchange(
          port,
          'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
          {
            localAddress: '127.0.0.1',
          },
        )
        return r.status === 200
      })
    } finally {
      for (const socket of held) socket.destroy()
    }
  })
})

describe('HTTP edge: a request not answered within the handler timeout', () => {
  let s: TestServer
  before(async () => {
    // The body stalls; the socket timeouts are long, so the handler timeout is what answers.
    s = await startTestServer({
      httpHandlerTimeoutMs: 300,
      httpIdleTimeoutMs: 20_000,
      httpRequestTimeoutMs: 20_000,
    })
  })
  after(() => s.close())

  it('gets 503 in the Hydra shape', async () => {
    const head =
      `POST /sms HTTP/1.1\r\nHost: x\r\nX-LOX24-AUTH-TOKEN: ${s.token}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{'
    const r = await rawExchange(portOf(s), head, { untilResponse: true })
    assertHydra(r, 503, 'UNAVAILABLE')
    r.socket.destroy()
  })
})
