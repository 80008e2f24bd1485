// Authentication of the seven.io-compatible API over real HTTP: X-Api-Key and the legacy p=,
// keys of type seven or v2, and seven's codes for every refusal (900 authentication, 901
// signature, 902 endpoint right, 903 address), with nothing charged for a refusal.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, createHmac } from 'node:crypto'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import {
  balanceMicro,
  codeOf,
  freshNumber,
  postForm,
  postJson,
  sevenKey,
} from '../helpers/seven.js'

const SECRET = 'a-signing-secret-0123456789'

/** What @seven.io/client 5.x puts in X-Signature (written here from its source, on its own). */
function sign(
  secret: string,
  p: { timestamp: number; nonce: string; method: string; url: string; body: string },
): string {
  const md5 = createHash('md5').update(p.body).digest('hex')
  const text = [p.timestamp, p.nonce, p.method, p.url, md5].join('\n')
  return createHmac('sha256', secret).update(text).digest('hex')
}

describe('seven.io API: authentication', () => {
  let s: TestServer
  let seven: string
  before(async () => {
    s = await startTestServer()
    seven = await sevenKey(s, s.userId)
  })
  after(() => s.close())

  const sms = () => ({ to: freshNumber(), text: 'Hello', from: 'Taube' })

  it('X-Api-Key with a key of type seven: 100', async () => {
    const r = await postJson(s, seven, sms())
    assert.equal(r.status, 200, r.text)
    assert.equal(r.body.success, '100')
  })

  it('a v2 key is accepted too; a key of another type is refused with 900', async () => {
    const v2 = s.token.split(':')[1]!
    assert.equal((await postJson(s, v2, sms())).body.success, '100')
    const kannel = await sevenKey(s, s.userId, { type: 'kannel' })
    const before = await balanceMicro(s, s.userId)
    const r = await postForm(s, kannel, sms())
    assert.equal(r.status, 401)
    assert.equal(codeOf(r), '900')
    assert.equal(await balanceMicro(s, s.userId), before)
  })

  it('Authorization: Bearer, as the official client sends a key given as "Bearer …"', async () => {
    const r = await postJson(s, null, sms(), { Authorization: `Bearer ${seven}` })
    assert.equal(r.body.success, '100', r.text)
  })

  it('legacy p= in the query and in a form body', async () => {
    const q = new URLSearchParams({ p: seven, ...sms() })
    const get = await s.request(`/api/sms?${q}`)
    assert.equal(get.status, 200, get.text)
    assert.equal(get.text, '100')
    const form = await postForm(s, null, { p: seven, ...sms() })
    assert.equal(form.text, '100')
  })

  it('no key, an unknown key, a deactivated key: 900 and nothing charged', async () => {
    const before = await balanceMicro(s, s.userId)
    // Failures from addresses of their own: the flood test below counts its own.
    const none = await postForm(s, null, sms(), { 'X-Forwarded-For': '198.51.100.11' })
    assert.equal(none.status, 401)
    assert.match(none.headers.get('content-type')!, /^text\/plain/)
    assert.equal(codeOf(none), '900')
    assert.ok(none.text.split('\n')[1]!.length > 0, 'a reason after the code')
    // A JSON client gets the bare code, as seven answers: @seven.io/client throws "900: …".
    const unknown = await postJson(s, 'not-a-key', sms(), { 'X-Forwarded-For': '198.51.100.12' })
    assert.equal(unknown.status, 401)
    assert.equal(unknown.text, '900')
    const off = await sevenKey(s, s.userId)
    const keys = (await s.admin(`/admin/accounts/${s.userId}/keys`)).body.keys
    const id = keys.find((k: { token_hint: string }) => off.startsWith(k.token_hint.slice(0, 4)))
    const patch = await s.admin(`/admin/keys/${id.id}`, {
      method: 'PATCH',
      body: { is_active: false },
    })
    assert.equal(patch.status, 200)
    assert.equal(codeOf(await postForm(s, off, sms())), '900')
    assert.equal(await balanceMicro(s, s.userId), before)
  })

  it('authentication comes before the parameters: bad ones without a key are 900', async () => {
    const r = await postJson(
      s,
      null,
      { to: { bad: 1 }, text: [], flash: {} },
      { 'X-Forwarded-For': '198.51.100.10' },
    )
    assert.equal(r.status, 401)
    assert.equal(r.text, '900')
  })

  it("903: a request from an address outside the key's list", async () => {
    const key = await sevenKey(s, s.userId, { ip_allowlist: ['10.9.9.9'] })
    const before = await balanceMicro(s, s.userId)
    const r = await postForm(s, key, sms())
    assert.equal(r.status, 403)
    assert.equal(codeOf(r), '903')
    const ok = await postForm(s, key, sms(), { 'X-Forwarded-For': '10.9.9.9' })
    assert.equal(ok.text, '100')
    assert.equal(await balanceMicro(s, s.userId), before - 75_000)
  })

  it('902: a key whose endpoints do not include sms', async () => {
    const key = await sevenKey(s, s.userId, { endpoints: ['balance'] })
    const r = await postForm(s, key, sms())
    assert.equal(r.status, 403)
    assert.equal(codeOf(r), '902')
    const del = await s.request('/api/sms', {
      method: 'DELETE',
      headers: { 'X-Api-Key': key },
      body: { ids: ['1'] },
    })
    assert.equal(codeOf(del), '902')
    const allowed = await sevenKey(s, s.userId, { endpoints: ['sms', 'balance'] })
    assert.equal((await postForm(s, allowed, sms())).text, '100')
  })

  it('the operator API refuses an unknown endpoint and a short signing secret', async () => {
    for (const body of [{ endpoints: ['nope'] }, { signing_secret: 'short' }]) {
      const r = await s.admin(`/admin/accounts/${s.userId}/keys`, {
        body: { type: 'seven', ...body },
      })
      assert.equal(r.status, 422, r.text)
    }
  })

  it('a flood of wrong keys blocks the address (900, 429, Retry-After); the right key too, other addresses go on', async () => {
    const ip = '198.51.100.77'
    const from = { 'X-Forwarded-For': ip }
    const codes = []
    for (let i = 0; i < 4; i++) codes.push(codeOf(await postForm(s, 'wrong-key', sms(), from)))
    assert.deepEqual(codes, ['900', '900', '900', '900'])
    await postForm(s, 'wrong-key', sms(), from)
    const blocked = await postForm(s, seven, sms(), from)
    assert.equal(blocked.status, 429)
    assert.equal(codeOf(blocked), '900')
    assert.ok(Number(blocked.headers.get('Retry-After')) > 0)
    const other = await postForm(s, seven, sms(), { 'X-Forwarded-For': '198.51.100.78' })
    assert.equal(other.text, '100')
  })

  it('PATCH /admin/keys/{id} changes the endpoints and the signing secret, at once', async () => {
    const token = await sevenKey(s, s.userId)
    const keys = (await s.admin(`/admin/accounts/${s.userId}/keys`)).body.keys
    const id = keys.at(-1).id
    const patch = (body: unknown) => s.admin(`/admin/keys/${id}`, { method: 'PATCH', body })
    const p1 = await patch({ endpoints: ['balance'], signing_secret: 'rotated-secret-0123456789' })
    assert.equal(p1.status, 200, p1.text)
    assert.deepEqual([p1.body.endpoints, p1.body.signs_requests], [['balance'], true])
    assert.equal(codeOf(await postForm(s, token, sms())), '902')
    await patch({ endpoints: null })
    assert.equal(codeOf(await postForm(s, token, sms())), '901')
    const p3 = await patch({ signing_secret: null })
    assert.equal(p3.body.signs_requests, false)
    assert.equal((await postForm(s, token, sms())).text, '100')
    assert.equal((await patch({})).status, 422)
  })

  describe('request signing (901)', () => {
    let key: string
    before(async () => {
      key = await sevenKey(s, s.userId, { signing_secret: SECRET })
      // The signature's timestamp is checked against the gateway's clock.
      s.clock.advance(Date.now() - s.clock.nowMs())
    })
    const now = () => Math.floor(s.clock.nowMs() / 1000)

    function signed(
      body: string,
      over: Partial<{ timestamp: number; nonce: string; url: string; secret: string }> = {},
    ) {
      const timestamp = over.timestamp ?? now()
      const nonce = over.nonce ?? `n${Math.random().toString(36).slice(2)}${Date.now()}`
      const url = over.url ?? `${s.url}/api/sms`
      const signature = sign(over.secret ?? SECRET, { timestamp, nonce, method: 'POST', url, body })
      return {
        'X-Api-Key': key,
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'X-Timestamp': String(timestamp),
        'X-Nonce': nonce,
        'X-Signature': signature,
      }
    }
    const send = (body: string, headers: Record<string, string>) =>
      s.request('/api/sms', { method: 'POST', headers, rawBody: body })

    it('a request signed as the client signs it: 100', async () => {
      const body = JSON.stringify(sms())
      const r = await send(body, signed(body))
      assert.equal(r.status, 200, r.text)
      assert.equal(r.body.success, '100')
    })

    it('unsigned, a wrong secret, another body, a stale timestamp: 901 and nothing charged', async () => {
      const before = await balanceMicro(s, s.userId)
      const body = JSON.stringify(sms())
      const cases: [string, Record<string, string>, string][] = [
        ['unsigned', { 'X-Api-Key': key, 'Content-Type': 'application/json' }, body],
        ['wrong secret', signed(body, { secret: 'another-secret-0123456789' }), body],
        ['body changed', signed(body), JSON.stringify(sms())],
        ['stale', signed(body, { timestamp: now() - 301 }), body],
        ['future', signed(body, { timestamp: now() + 301 }), body],
        ['other URL', signed(body, { url: `${s.url}/api/balance` }), body],
      ]
      for (const [what, headers, sent] of cases) {
        const r = await send(sent, { ...headers, Accept: 'text/plain' })
        assert.equal(r.status, 401, what)
        assert.equal(codeOf(r), '901', `${what}: ${r.text}`)
      }
      assert.equal(await balanceMicro(s, s.userId), before)
    })

    it('a nonce counts once: the same signed request again is 901', async () => {
      const body = JSON.stringify(sms())
      const headers = signed(body)
      assert.equal((await send(body, headers)).body.success, '100')
      const again = await send(body, headers)
      assert.equal(again.status, 401)
      assert.equal(again.text, '901')
    })

    it("spent nonces are kept one window only: the key's expired ones go with its next request", async () => {
      const count = async () =>
        (await s.ctx.deps.db.selectFrom('seven_nonces').select('nonce').execute()).length
      assert.ok((await count()) > 0)
      s.clock.advance(301_000)
      const body = JSON.stringify(sms())
      assert.equal((await send(body, signed(body))).body.success, '100')
      assert.equal(await count(), 1)
    })

    it('a signed legacy GET: the URL with its query, an empty body', async () => {
      const q = new URLSearchParams(sms()).toString()
      const url = `${s.url}/api/sms?${q}`
      const timestamp = now()
      const nonce = `get${Date.now()}`
      const signature = sign(SECRET, { timestamp, nonce, method: 'GET', url, body: '' })
      const r = await s.request(`/api/sms?${q}`, {
        headers: {
          'X-Api-Key': key,
          'X-Timestamp': String(timestamp),
          'X-Nonce': nonce,
          'X-Signature': signature,
        },
      })
      assert.equal(r.text, '100')
    })
  })
})
