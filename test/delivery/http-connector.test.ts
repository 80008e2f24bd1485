import { after, before, beforeEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { once } from 'node:events'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

type Seen = { method: string; url: URL; headers: IncomingMessage['headers']; body: string }
type Answer = (req: Seen, res: ServerResponse) => void

/** A carrier on 127.0.0.1 that records each request and answers with the next queued answer. */
async function startCarrier() {
  const seen: Seen[] = []
  const answers: Answer[] = []
  const hanging = new Set<ServerResponse>()
  let fallback: Answer = (_r, res) => res.end('OK')
  const server: Server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      const s: Seen = {
        method: req.method!,
        url: new URL(req.url!, 'http://carrier'),
        headers: req.headers,
        body,
      }
      seen.push(s)
      ;(answers.shift() ?? fallback)(s, res)
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as { port: number }).port
  return {
    base: `http://127.0.0.1:${port}`,
    seen,
    answer: (...a: Answer[]) => answers.push(...a),
    setFallback: (a: Answer) => (fallback = a),
    hang: (): Answer => (_r, res) => void hanging.add(res),
    reset() {
      seen.length = 0
      answers.length = 0
      fallback = (_r, res) => res.end('OK')
    },
    async close() {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      server.close()
    },
  }
}

const TOKEN = 'carrier-callback-token-0123'
const TEXT = 'Grüße aus Köln 🕊️ & mehr = 100%'

describe('HTTP carrier connector', () => {
  let s: TestServer
  let carrier: Awaited<ReturnType<typeof startCarrier>>

  before(async () => {
    carrier = await startCarrier()
    s = await startTestServer({}, { delivery: { idleMs: 20 } })
    await configure({})
    const route = await s.admin('/admin/routes', {
      body: { prefix: '+4917', connector_ids: ['carrier'] },
    })
    assert.equal(route.status, 201, route.text)
  })
  after(async () => {
    await s.close()
    await carrier.close()
  })
  beforeEach(() => carrier.reset())

  const configure = async (extra: object) => {
    const r = await s.admin('/admin/connectors/carrier', {
      method: 'PUT',
      body: {
        kind: 'http',
        config: {
          url: `${carrier.base}/send`,
          params: {
            to: '{to}',
            from: '{from}',
            text: '{text}',
            ref: '{id}',
            dcs: '{coding}',
            num: '{to_digits}',
          },
          headers: { 'X-Api-Key': 'k1' },
          callbackToken: TOKEN,
          dlr: {
            idParam: 'msgid',
            statusParam: 'status',
            errorParam: 'err',
            statusMap: { delivered: 'DELIVRD', failed: 'UNDELIV', DELIVRD: 'DELIVRD' },
          },
          ...extra,
        },
      },
    })
    assert.equal(r.status, 200, r.text)
  }
  const send = async (body: object = {}) => {
    const r = await s.request('/sms', { token: s.token, body: { ...SMS, ...body } })
    assert.equal(r.status, 201, r.text)
    return r.body.uuid as string
  }
  const row = (uuid: string) =>
    s.ctx.deps.db.selectFrom('sms').selectAll().where('uuid', '=', uuid).executeTakeFirstOrThrow()
  const inState = (uuid: string, ...states: string[]) =>
    waitFor(`${uuid} ${states.join('|')}`, async () => {
      const r = await row(uuid)
      return states.includes(r.state) ? r : undefined
    })
  const get = async (uuid: string) => (await s.request(`/sms/${uuid}`, { token: s.token })).body
  const callback = (query: string, opts: Parameters<TestServer['request']>[1] = {}) =>
    s.request(`/callbacks/http/carrier${query}`, opts)
  const balance = async () => (await s.request('/me', { token: s.token })).body.balance_amount

  it('sends GET with the params in the query, text intact, and takes a callback receipt', async () => {
    const uuid = await send({ text: TEXT })
    const m = await inState(uuid, 'sent')
    assert.equal(m.carrier_message_id, uuid, 'idFrom none: our id is the carrier id')
    assert.equal(carrier.seen.length, 1)
    const req = carrier.seen[0]!
    assert.equal(req.method, 'GET')
    assert.equal(req.url.pathname, '/send')
    assert.equal(req.headers['x-api-key'], 'k1')
    const q = Object.fromEntries(req.url.searchParams)
    assert.deepEqual(q, {
      to: '+491701234567',
      from: 'Taube',
      text: TEXT,
      ref: uuid,
      dcs: '8',
      num: '491701234567',
    })

    const wrong = await callback(`?token=not-the-token-at-all&msgid=${uuid}&status=delivered`)
    assert.equal(wrong.status, 403)
    assert.equal(wrong.body.code, 'CALLBACK_FORBIDDEN')
    assert.equal((await callback(`?msgid=${uuid}&status=delivered`)).status, 403)
    const missing = await callback(`?token=${TOKEN}&msgid=${uuid}`)
    assert.equal(missing.status, 400)
    assert.equal(
      (await s.request(`/callbacks/http/nobody?token=${TOKEN}&msgid=x&status=delivered`)).status,
      404,
    )
    assert.equal((await row(uuid)).state, 'sent', 'refused callbacks change nothing')
    assert.notEqual((await get(uuid)).dlr_code, 1)

    const ok = await callback(`?token=${TOKEN}&msgid=${uuid}&status=delivered`)
    assert.equal(ok.status, 200)
    assert.deepEqual(ok.body, { status: 'ok' })
    const api = await waitFor('dlr_code 1', async () => {
      const x = await get(uuid)
      return x.dlr_code === 1 ? x : undefined
    })
    assert.equal(api.status_code, 100)
    assert.equal(api.is_sent, true)
  })

  it('POSTs a form, takes the id from a JSON path and a form callback', async () => {
    await configure({
      method: 'POST',
      body: 'form',
      idFrom: { kind: 'json', path: 'messages[0].id' },
    })
    carrier.answer((_r, res) => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ messages: [{ id: 'c-123', status: 0 }] }))
    })
    const uuid = await send({ text: 'a=b&c 😀' })
    const m = await inState(uuid, 'sent')
    assert.equal(m.carrier_message_id, 'c-123')
    const req = carrier.seen[0]!
    assert.equal(req.method, 'POST')
    assert.match(String(req.headers['content-type']), /^application\/x-www-form-urlencoded/)
    const form = Object.fromEntries(new URLSearchParams(req.body))
    assert.equal(form.text, 'a=b&c 😀')
    assert.equal(form.dcs, '8')
    assert.equal(req.url.search, '')

    const cb = await callback('', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      rawBody: new URLSearchParams({
        token: TOKEN,
        msgid: 'c-123',
        status: 'failed',
        err: '001',
      }).toString(),
    })
    assert.equal(cb.status, 200, cb.text)
    const api = await waitFor('undelivered', async () => {
      const x = await get(uuid)
      return x.dlr_code === 16 ? x : undefined
    })
    assert.equal(api.is_sent, true)
  })

  it('POSTs JSON, takes the id by regex and a JSON callback', async () => {
    await configure({
      method: 'POST',
      body: 'json',
      idFrom: { kind: 'regex', pattern: 'id=(\\w+)' },
    })
    carrier.answer((_r, res) => res.end('OK id=abc987'))
    const uuid = await send({ text: 'plain GSM text' })
    const m = await inState(uuid, 'sent')
    assert.equal(m.carrier_message_id, 'abc987')
    const req = carrier.seen[0]!
    assert.match(String(req.headers['content-type']), /^application\/json/)
    const body = JSON.parse(req.body)
    assert.equal(body.text, 'plain GSM text')
    assert.equal(body.dcs, '0')
    assert.equal(body.ref, uuid)

    const cb = await callback('', { body: { token: TOKEN, msgid: 'abc987', status: 'DELIVRD' } })
    assert.equal(cb.status, 200, cb.text)
    await waitFor('delivered', async () => ((await get(uuid)).dlr_code === 1 ? true : undefined))
  })

  it('refuses a config whose id pattern is not a valid regular expression', async () => {
    const r = await s.admin('/admin/connectors/badregex', {
      method: 'PUT',
      body: {
        kind: 'http',
        config: {
          url: `${carrier.base}/send`,
          params: { to: '{to}' },
          callbackToken: TOKEN,
          idFrom: { kind: 'regex', pattern: 'id=([0-9+' },
          dlr: { idParam: 'msgid', statusParam: 'status', statusMap: {} },
        },
      },
    })
    assert.equal(r.status, 422)
    assert.equal(r.body.violations[0].propertyPath, 'config.idFrom.pattern')
    assert.match(r.body.violations[0].message, /regular expression/)
    assert.equal(
      (await s.admin('/admin/connectors')).body.connectors.some(
        (c: { id: string }) => c.id === 'badregex',
      ),
      false,
    )
  })

  it('retries when the 2xx answer holds no id', async () => {
    await configure({ idFrom: { kind: 'json', path: 'id' } })
    carrier.setFallback((_r, res) => res.end('not json'))
    const uuid = await send()
    const r = await waitFor('retry', async () => {
      const x = await row(uuid)
      return x.status_detail === 'BAD_CARRIER_RESPONSE' ? x : undefined
    })
    assert.equal(r.state, 'queued')
    await configure({})
  })

  it('fails a message the carrier refuses with 400, and refunds it', async () => {
    const start = await balance()
    carrier.answer((_r, res) => {
      res.statusCode = 400
      res.end('bad number')
    })
    const uuid = await send()
    const m = await inState(uuid, 'failed')
    assert.match(m.status_detail!, /^HTTP_400/)
    const api = await get(uuid)
    assert.equal(api.status_code, 2000)
    assert.equal(api.is_sent, false)
    assert.equal(await balance(), start)
  })

  it('retries after a 503 and sends on the next attempt', async () => {
    carrier.answer((_r, res) => {
      res.statusCode = 503
      res.end('busy')
    })
    const uuid = await send()
    const retrying = await waitFor('queued for retry', async () => {
      const x = await row(uuid)
      return x.status_detail === 'HTTP_503' && x.state === 'queued' ? x : undefined
    })
    assert.equal(retrying.is_sent, 0)
    s.clock.advance(10_000)
    s.ctx.deps.queued.notify()
    await inState(uuid, 'sent')
    // Other messages still queued from earlier tests may go out too; count this one's requests.
    assert.equal(carrier.seen.filter((r) => r.url.searchParams.get('ref') === uuid).length, 2)
  })

  it('keeps at most maxConcurrent requests open at the carrier', async () => {
    await configure({ maxConcurrent: 2 })
    let open = 0
    let peak = 0
    carrier.setFallback((_r, res) => {
      peak = Math.max(peak, ++open)
      setTimeout(() => {
        open--
        res.end('OK')
      }, 100)
    })
    const ids = await Promise.all([1, 2, 3, 4, 5].map(() => send()))
    for (const id of ids) await inState(id, 'sent')
    assert.equal(peak, 2)
  })

  it('retries when the carrier does not answer within timeoutMs', async () => {
    await configure({ timeoutMs: 300 })
    carrier.setFallback(carrier.hang())
    const uuid = await send()
    const r = await waitFor('timeout recorded', async () => {
      const x = await row(uuid)
      return x.status_detail === 'TIMEOUT' ? x : undefined
    })
    assert.equal(r.state, 'queued')
    assert.ok(carrier.seen.length >= 1)
    const stats = (await s.delivery.connectorState('carrier'))!
    assert.equal(stats.up, true)
    assert.ok(stats.failed >= 1)
  })
})
