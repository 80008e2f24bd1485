// The event transports against real peers on 127.0.0.1: an HTTP receiver and an SMTP server.
import { after, before, beforeEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo, Server } from 'node:net'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'
import { verifyWebhook, webhookHeaders } from '../../src/events/signing.js'
import { createEmailTransport } from '../../src/events/transports/email.js'
import {
  createHttpTransport,
  type HttpTransport,
  type HttpTransportOptions,
} from '../../src/events/transports/http-webhook.js'
import { startWebhookThread } from '../../src/app/webhook-thread.js'

type Seen = { method: string; url: string; headers: IncomingHttpHeaders; body: string }
type Answer = (res: ServerResponse) => void

/** Records every request; answers with the handler for its path, else 200. */
async function startReceiver() {
  const seen: Seen[] = []
  const answers = new Map<string, Answer>()
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (d: string) => (body += d))
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body })
      const answer = answers.get(new URL(req.url!, 'http://x').pathname) ?? ((r) => r.end('ok'))
      answer(res)
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as AddressInfo).port
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    seen,
    answers,
    close: async () => {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server: Server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  server.close()
  await once(server, 'close')
  return port
}

// The same behaviour in the event worker's thread and from the webhook thread (the default).
const transports: [where: string, make: (o: HttpTransportOptions) => HttpTransport][] = [
  ["in the caller's thread", createHttpTransport],
  [
    'in a thread of its own',
    (o) =>
      startWebhookThread(o, (err) => {
        throw err
      }),
  ],
]

for (const [where, make] of transports)
  describe(`http webhook transport, ${where}`, () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>
    let http: HttpTransport

    before(async () => {
      receiver = await startReceiver()
      http = make({ timeoutMs: 300, allowPrivate: true, userAgent: 'taube-test' })
    })
    after(async () => {
      await http.close()
      await receiver.close()
    })
    beforeEach(() => {
      receiver.seen.length = 0
      receiver.answers.clear()
    })

    it('posts the body and headers intact and reports a 200', async () => {
      const secret = 'whsec_' + Buffer.alloc(32, 3).toString('base64')
      const body = JSON.stringify({ type: 'sms.delivered', data: { id: 'abc', text: 'Grüße 👋' } })
      const signed = webhookHeaders(secret, 'evt_1', 1_700_000_000, body)
      const headers = { ...signed, 'X-Request-Id': 'r1' }

      const result = await http.post(`${receiver.base}/hook`, body, headers)

      assert.deepEqual([result.ok, result.status, result.error], [true, 200, null])
      assert.ok(result.latencyMs >= 0)
      assert.equal(receiver.seen.length, 1)
      const [req] = receiver.seen
      assert.equal(req!.method, 'POST')
      assert.equal(req!.url, '/hook')
      assert.equal(req!.body, body)
      assert.equal(req!.headers['content-type'], 'application/json')
      assert.equal(req!.headers['user-agent'], 'taube-test')
      assert.equal(req!.headers['x-request-id'], 'r1')
      assert.equal(req!.headers['webhook-id'], 'evt_1')
      const received = {
        'webhook-id': String(req!.headers['webhook-id']),
        'webhook-timestamp': String(req!.headers['webhook-timestamp']),
        'webhook-signature': String(req!.headers['webhook-signature']),
      }
      assert.equal(verifyWebhook(secret, received, req!.body, 1_700_000_010), true)
    })

    it('sends application/json even when the caller names another content type', async () => {
      await http.post(`${receiver.base}/hook`, '{}', { 'Content-Type': 'text/plain' })
      assert.equal(receiver.seen[0]!.headers['content-type'], 'application/json')
    })

    it('reports a 500 as a failure with its status', async () => {
      receiver.answers.set('/hook', (res) => res.writeHead(500).end('boom'))
      const result = await http.post(`${receiver.base}/hook`, '{}', {})
      assert.deepEqual([result.ok, result.status], [false, 500])
    })

    it('does not follow a redirect and reports the 3xx', async () => {
      receiver.answers.set('/hook', (res) => res.writeHead(302, { location: '/elsewhere' }).end())
      const result = await http.post(`${receiver.base}/hook`, '{}', {})
      assert.deepEqual([result.ok, result.status], [false, 302])
      assert.deepEqual(
        receiver.seen.map((s) => s.url),
        ['/hook'],
        'the redirect target is never requested',
      )
    })

    it('drains a large answer without trouble', async () => {
      receiver.answers.set('/big', (res) => res.writeHead(200).end(Buffer.alloc(1024 * 1024, 'x')))
      const result = await http.post(`${receiver.base}/big`, '{}', {})
      assert.deepEqual([result.ok, result.status, result.error], [true, 200, null])
      // The connection is still usable (or replaced) afterwards.
      assert.equal((await http.post(`${receiver.base}/hook`, '{}', {})).status, 200)
    })

    it('gives up on a receiver that never answers', async () => {
      receiver.answers.set('/hang', () => {})
      const result = await http.post(`${receiver.base}/hang`, '{}', {})
      assert.deepEqual([result.ok, result.status, result.error], [false, null, 'timeout'])
      assert.equal(receiver.seen.length, 1, 'the request did reach the receiver')
    })

    it('gives up on a receiver that sends headers, then stalls the body', async () => {
      receiver.answers.set('/stall', (res) => res.writeHead(200).write('partial'))
      const result = await http.post(`${receiver.base}/stall`, '{}', {})
      // The receiver has accepted with its status; the body is discarded anyway.
      assert.deepEqual([result.ok, result.status], [true, 200])
    })

    it('reports a closed port as a connection error', async () => {
      const port = await closedPort()
      const result = await http.post(`http://127.0.0.1:${port}/hook`, '{}', {})
      assert.deepEqual([result.ok, result.status, result.error], [false, null, 'ECONNREFUSED'])
    })

    it('reports an unusable URL without throwing', async () => {
      for (const url of ['not a url', 'ftp://127.0.0.1/x']) {
        const result = await http.post(url, '{}', {})
        assert.deepEqual([result.ok, result.status, result.error], [false, null, 'EINVALIDURL'])
      }
    })

    it('sends a GET with the query string intact', async () => {
      const query = '?status=delivered&text=Gr%C3%BC%C3%9Fe%20und%20%26&id=7'
      const result = await http.get(`${receiver.base}/legacy${query}`, { 'X-Extra': 'y' })
      assert.deepEqual([result.ok, result.status], [true, 200])
      assert.equal(receiver.seen.length, 1)
      const [req] = receiver.seen
      assert.deepEqual([req!.method, req!.url, req!.body], ['GET', `/legacy${query}`, ''])
      assert.equal(req!.headers['x-extra'], 'y')
      assert.equal(req!.headers['content-type'], undefined)
    })

    describe('with private targets refused', () => {
      let guarded: HttpTransport
      before(() => {
        guarded = make({ timeoutMs: 1000, allowPrivate: false })
      })
      after(() => guarded.close())

      const targets = [
        ['an IPv4 literal', (port: number) => `http://127.0.0.1:${port}/hook`],
        ['an IPv4-mapped IPv6 literal', (port: number) => `http://[::ffff:127.0.0.1]:${port}/hook`],
        ['a hostname resolving to loopback', (port: number) => `http://localhost:${port}/hook`],
      ] as const
      for (const [what, url] of targets) {
        it(`refuses ${what} before connecting`, async () => {
          const post = await guarded.post(url(receiver.port), '{}', {})
          const get = await guarded.get(url(receiver.port))
          for (const result of [post, get]) {
            const { ok, status, error } = result
            assert.deepEqual([ok, status, error], [false, null, 'ETARGETPRIVATE'])
          }
          assert.equal(receiver.seen.length, 0, 'the receiver saw nothing')
        })
      }
    })
  })

type Mail = { from: string | null; to: string[]; raw: string }

async function startSmtp(options: Partial<SMTPServerOptions> = {}) {
  const mails: Mail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    secure: false,
    logger: false,
    disableReverseLookup: true, // a PTR query would leave 127.0.0.0/8
    closeTimeout: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : null
        const to = session.envelope.rcptTo.map((r) => r.address)
        mails.push({ from, to, raw: Buffer.concat(chunks).toString('utf8') })
        callback()
      })
    },
    ...options,
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode })
}

/** The decoded text body of a single-part message, by its Content-Transfer-Encoding. */
function textBody(raw: string): { contentType: string; encoding: string; text: string } {
  const split = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ')
  const body = raw.slice(split + 4)
  const header = (name: string) =>
    new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? ''
  const encoding = header('Content-Transfer-Encoding').toLowerCase()
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body, 'base64')
      : encoding === 'quoted-printable'
        ? quotedPrintable(body)
        : Buffer.from(body, 'utf8')
  // MIME text travels with CRLF line ends; the sender's text had LF.
  const text = bytes.toString('utf8').replace(/\r\n/g, '\n').replace(/\n$/, '')
  return { contentType: header('Content-Type'), encoding, text }
}

function quotedPrintable(body: string): Buffer {
  const text = body.replace(/=\r\n/g, '') // soft line breaks
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=') {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16))
      i += 2
    } else bytes.push(text.charCodeAt(i))
  }
  return Buffer.from(bytes)
}

describe('email transport', () => {
  const event = {
    id: 'evt_7',
    type: 'sms.delivered',
    created_at: '2024-05-01T12:00:00Z',
    data: {
      id: 'sms_123',
      to: '+491701234567',
      status: 'delivered',
      text: 'Grüße aus Köln, = und ä',
    },
  }
  const body = JSON.stringify(event, null, 2) + '\n' + JSON.stringify(event)

  it('delivers one message with the JSON as its text body', async (t) => {
    const smtp = await startSmtp()
    const email = createEmailTransport({ smtpUrl: smtp.url, from: 'taube@example.test' })
    t.after(async () => {
      await email.close()
      await smtp.close()
    })

    const result = await email.send('ops@example.test', 'Event sms.delivered', body)

    assert.deepEqual([result.ok, result.status, result.error], [true, 250, null])
    assert.equal(smtp.mails.length, 1)
    const [mail] = smtp.mails
    assert.deepEqual(mail!.to, ['ops@example.test'])
    assert.equal(mail!.from, 'taube@example.test')
    assert.match(mail!.raw, /^Subject: Event sms\.delivered\r$/m)
    const { contentType, encoding, text } = textBody(mail!.raw)
    assert.match(contentType, /^text\/plain; charset=utf-8$/i)
    assert.ok(['7bit', 'quoted-printable', 'base64'].includes(encoding), encoding)
    assert.equal(text, body)
    assert.deepEqual(JSON.parse(text.split('\n{"id"')[0]!), event)
  })

  it('reports a refused recipient with its reply code, once', async (t) => {
    let rcptAttempts = 0
    const smtp = await startSmtp({
      onRcptTo(_address, _session, callback) {
        rcptAttempts++
        callback(smtpError('no such mailbox', 550))
      },
    })
    const email = createEmailTransport({ smtpUrl: smtp.url, from: 'taube@example.test' })
    t.after(async () => {
      await email.close()
      await smtp.close()
    })

    const result = await email.send('nobody@example.test', 'Event', '{}')

    assert.deepEqual([result.ok, result.status], [false, 550])
    assert.equal(typeof result.error, 'string')
    assert.equal(rcptAttempts, 1)
    assert.equal(smtp.mails.length, 0)
  })

  it('makes one attempt when the relay defers the message', async (t) => {
    let dataAttempts = 0
    const smtp = await startSmtp({
      onData(stream, _session, callback) {
        dataAttempts++
        stream.resume()
        stream.on('end', () => callback(smtpError('try again later', 451)))
      },
    })
    const email = createEmailTransport({ smtpUrl: smtp.url, from: 'taube@example.test' })
    t.after(async () => {
      await email.close()
      await smtp.close()
    })

    const result = await email.send('ops@example.test', 'Event', '{}')

    assert.deepEqual([result.ok, result.status], [false, 451])
    assert.equal(dataAttempts, 1)
  })

  it('reports a relay that is down without throwing', async () => {
    const port = await closedPort()
    const smtpUrl = `smtp://127.0.0.1:${port}`
    const email = createEmailTransport({ smtpUrl, from: 'taube@example.test' })
    const result = await email.send('ops@example.test', 'Event', '{}')
    await email.close()
    assert.deepEqual([result.ok, result.status], [false, null])
    assert.match(result.error ?? '', /ECONNREFUSED/)
  })
})
