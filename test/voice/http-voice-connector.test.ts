import { after, before, beforeEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type ServerResponse } from 'node:http'
import { once } from 'node:events'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

type Seen = { method: string; url: string; headers: Record<string, unknown>; body: any }

/** A voice provider on 127.0.0.1: records each call request, answers as told. */
async function startProvider() {
  const seen: Seen[] = []
  const answers: ((res: ServerResponse) => void)[] = []
  let next = 1
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: JSON.parse(body),
      })
      const answer = answers.shift()
      if (answer) answer(res)
      else
        res
          .writeHead(201, { 'content-type': 'application/json' })
          .end(JSON.stringify({ data: { call_id: `call-${next++}` } }))
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/v1/calls`,
    seen,
    answer: (a: (res: ServerResponse) => void) => answers.push(a),
    async close() {
      server.closeAllConnections()
      server.close()
    },
  }
}

const TOKEN = 'voice-callback-token-0123'

describe('HTTP voice provider connector', () => {
  let s: TestServer
  let provider: Awaited<ReturnType<typeof startProvider>>
  let voice: { userId: number; token: string }
  let callbackUrl: string

  before(async () => {
    provider = await startProvider()
    s = await startTestServer({}, { delivery: { idleMs: 20 } })
    callbackUrl = `${s.url}/callbacks/http/provider`
    const put = await s.admin('/admin/connectors/provider', {
      method: 'PUT',
      body: {
        kind: 'http-voice',
        config: {
          url: provider.url,
          headers: { 'X-Api-Key': 'provider-key' },
          callbackUrl,
          callbackToken: TOKEN,
          idPath: 'data.call_id',
          outcomes: { COMPLETED: 'answered', BUSY: 'busy' },
        },
      },
    })
    assert.equal(put.status, 200, put.text)
    const route = await s.admin('/admin/routes', {
      body: { service_code: 'text2speech', connector_ids: ['provider'] },
    })
    assert.equal(route.status, 201, route.text)
    voice = await s.createAccount({ services: ['direct', 'text2speech'] })
  })
  after(async () => {
    await s.close()
    await provider.close()
  })
  beforeEach(() => (provider.seen.length = 0))

  const send = async (body: object) => {
    const r = await s.request('/sms', {
      token: voice.token,
      body: { ...SMS, service_code: 'text2speech', ...body },
    })
    assert.equal(r.status, 201, r.text)
    return r.body.uuid as string
  }
  const row = (uuid: string) =>
    s.ctx.deps.db.selectFrom('sms').selectAll().where('uuid', '=', uuid).executeTakeFirstOrThrow()
  const report = (body: object) => s.request('/callbacks/http/provider', { body })

  it('posts the clean SSML, language and callback, and takes the outcome from the callback', async () => {
    const uuid = await send({
      phone: '+34612345678',
      text: '<speak>Hola <prosody rate="slow">Ana</prosody> &amp; <say-as interpret-as="characters">AB</say-as><break time="2s"/></speak>',
    })
    await waitFor('the call request', () => (provider.seen.length > 0 ? true : undefined))
    const [req] = provider.seen
    assert.equal(req!.method, 'POST')
    assert.equal(req!.url, '/v1/calls')
    assert.equal(req!.headers['x-api-key'], 'provider-key')
    assert.match(String(req!.headers['content-type']), /^application\/json/)
    assert.deepEqual(req!.body, {
      id: uuid,
      to: '+34612345678',
      from: SMS.sender_id,
      language: 'es-ES',
      ssml: '<speak>Hola Ana &amp; <say-as interpret-as="characters">AB</say-as><break time="2000ms"/></speak>',
      callback: { url: callbackUrl, token: TOKEN },
    })
    const sent = await waitFor('sent', async () => {
      const r = await row(uuid)
      return r.carrier_message_id === 'call-1' ? r : undefined
    })
    assert.equal(sent.connector_id, 'provider')

    const forged = await report({
      token: 'wrong-token-wrong-token',
      call_id: 'call-1',
      outcome: 'COMPLETED',
    })
    assert.equal(forged.status, 403)
    const unknown = await report({ token: TOKEN, call_id: 'call-1', outcome: 'maybe' })
    assert.equal(unknown.status, 400)

    const ok = await report({ token: TOKEN, call_id: 'call-1', outcome: 'COMPLETED' })
    assert.equal(ok.status, 200, ok.text)
    const m = (await s.request(`/sms/${uuid}`, { token: voice.token })).body
    assert.equal(m.dlr_code, 1)
    assert.equal(m.status_code, 100)
  })

  it('maps the provider words and our own to delivery reports', async () => {
    const cases: [string, number][] = [
      ['BUSY', 16],
      ['no-answer', 8],
      ['failed', 16],
    ]
    for (const [outcome, dlrCode] of cases) {
      const uuid = await send({ text: 'Hello' })
      const sent = await waitFor('sent', async () => {
        const r = await row(uuid)
        return r.carrier_message_id ? r : undefined
      })
      const r = await report({ token: TOKEN, call_id: sent.carrier_message_id, outcome })
      assert.equal(r.status, 200, r.text)
      assert.equal((await row(uuid)).dlr_code, dlrCode, outcome)
    }
  })

  it('fails a call the provider refuses for good (4xx), naming its status', async () => {
    provider.answer((res) => res.writeHead(422).end('{"error":"bad number"}'))
    const uuid = await send({ text: 'Hello' })
    const failed = await waitFor('failed', async () => {
      const r = await row(uuid)
      return r.state === 'failed' ? r : undefined
    })
    assert.equal(failed.status_detail, 'HTTP_422: {"error":"bad number"}')
  })
})
