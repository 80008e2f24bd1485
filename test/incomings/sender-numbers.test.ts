// Sender numbers: an account registers a numeric sender id, a code goes to that number by SMS
// (through a carrier on a real SMPP socket, whose inbox stands for the handset), and the code
// verifies it; codes expire, take limited attempts and are never readable by the account. The
// operator verifies numbers directly. Every route with an id is the account's own.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { SmscSim } from '../../src/smsc-sim/smsc-sim.js'
import { codeSentTo, startSmppCarrier, textsTo } from '../helpers/smpp-carrier.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

describe('sender numbers', () => {
  let s: TestServer
  let sim: SmscSim
  let a: { userId: number; token: string }
  let b: { userId: number; token: string }
  let n = 0
  /** A fresh number per test: the sending limits count per number. */
  const fresh = () => `+4930400${String(++n).padStart(5, '0')}`

  before(async () => {
    s = await startTestServer({}, { delivery: { idleMs: 20 } })
    sim = await startSmppCarrier(s)
    a = await s.createAccount({ name: 'A' })
    b = await s.createAccount({ name: 'B' })
  })
  after(async () => {
    await s?.close()
    await sim?.close()
  })

  const register = async (who: { token: string }, number: string) => {
    const r = await s.request('/sender-numbers', { token: who.token, body: { number } })
    assert.equal(r.status, 201, r.text)
    return r.body as Record<string, any>
  }
  const verify = (who: { token: string }, id: number, code: string) =>
    s.request(`/sender-numbers/${id}/verify`, { token: who.token, body: { code } })
  const violation = (r: { status: number; body: any }) => {
    assert.equal(r.status, 422)
    assert.equal(r.body.violations[0].propertyPath, 'code')
    return r.body.violations[0].code as string
  }
  const wrong = (code: string) => (code === '000000' ? '111111' : '000000')

  it('registers a number, sends it a code, and the code verifies it', async () => {
    const number = fresh()
    const before = (await s.request('/me', { token: a.token })).body
    const created = await register(a, `${number.slice(1, 3)} ${number.slice(3)}`) // international digits
    assert.equal(created.number, number)
    assert.equal(created.status, 'pending')
    assert.equal(created.attempts_left, 5)
    assert.equal(created.code_expires_at, s.clock.nowS() + 600)
    assert.equal(created['@id'], `/sender-numbers/${created.id}`)
    const code = await codeSentTo(sim, number)
    assert.match(
      textsTo(sim, number)[0]!,
      new RegExp(`${code} is your code to confirm \\${number}`),
    )

    // The code is the gateway's SMS, not the account's: neither listed, nor found by text, nor paid.
    const listed = await s.request(`/sms?text=${code}`, { token: a.token })
    assert.equal(listed.body['hydra:totalItems'], 0)
    assert.equal((await s.request('/sms', { token: a.token })).body['hydra:totalItems'], 0)
    assert.equal((await s.request('/me', { token: a.token })).body.balance, before.balance)

    const bad = await verify(a, created.id, wrong(code))
    assert.equal(violation(bad), 'CODE_WRONG')
    assert.match(bad.body.violations[0].message, /4 attempts left/)
    const ok = await verify(a, created.id, code)
    assert.equal(ok.status, 200, ok.text)
    assert.deepEqual(
      [ok.body.status, ok.body.verified_by, ok.body.verified_at],
      ['verified', 'code', s.clock.nowS()],
    )
    assert.equal(ok.body.code_expires_at, null)
    const again = await verify(a, created.id, code)
    assert.equal(again.status, 409)
    assert.equal(again.body.code, 'SENDER_NUMBER_VERIFIED')
    const list = await s.request('/sender-numbers', { token: a.token })
    assert.equal(list.status, 200)
    assert.deepEqual(
      list.body['hydra:member'].map((m: any) => [m.number, m.status]),
      [[number, 'verified']],
    )
    const twice = await s.request('/sender-numbers', { token: a.token, body: { number } })
    assert.equal(twice.status, 409)
    assert.equal(twice.body.code, 'SENDER_NUMBER_EXISTS')
  })

  it('an expired code is refused; a new code (after a minute) verifies', async () => {
    const number = fresh()
    const created = await register(a, number)
    const first = await codeSentTo(sim, number)
    s.clock.advance(600_000)
    assert.equal(violation(await verify(a, created.id, first)), 'CODE_EXPIRED')
    const resent = await s.request(`/sender-numbers/${created.id}/code`, {
      token: a.token,
      method: 'POST',
    })
    assert.equal(resent.status, 200, resent.text)
    assert.equal(resent.body.attempts_left, 5)
    const second = await codeSentTo(sim, number, 2)
    if (second !== first)
      assert.equal(
        violation(await verify(a, created.id, first)),
        'CODE_WRONG',
        'the old code is gone',
      )
    const ok = await verify(a, created.id, second)
    assert.equal(ok.status, 200, ok.text)
  })

  it('five wrong codes use up the attempts, even the right code fails then; codes are rationed', async () => {
    const number = fresh()
    const created = await register(a, number)
    const code = await codeSentTo(sim, number)
    const answers: string[] = []
    for (let i = 0; i < 5; i++) answers.push(violation(await verify(a, created.id, wrong(code))))
    assert.deepEqual(answers, [
      'CODE_WRONG',
      'CODE_WRONG',
      'CODE_WRONG',
      'CODE_WRONG',
      'CODE_ATTEMPTS_EXHAUSTED',
    ])
    assert.equal(violation(await verify(a, created.id, code)), 'CODE_ATTEMPTS_EXHAUSTED')
    assert.equal(
      (await s.request(`/sender-numbers/${created.id}`, { token: a.token })).body.status,
      'pending',
    )

    const soon = await s.request(`/sender-numbers/${created.id}/code`, {
      token: a.token,
      method: 'POST',
    })
    assert.equal(soon.status, 429)
    assert.equal(soon.body.code, 'SENDER_CODE_LIMIT')
    assert.equal(soon.headers.get('retry-after'), '60')
    // Five codes a day per number: the 2nd to 5th a minute apart, the 6th refused until a day has passed.
    for (let i = 2; i <= 5; i++) {
      s.clock.advance(60_000)
      const r = await s.request(`/sender-numbers/${created.id}/code`, {
        token: a.token,
        method: 'POST',
      })
      assert.equal(r.status, 200, r.text)
    }
    s.clock.advance(60_000)
    const sixth = await s.request(`/sender-numbers/${created.id}/code`, {
      token: a.token,
      method: 'POST',
    })
    assert.equal(sixth.status, 429, sixth.text)
    assert.match(sixth.body['hydra:description'], /5 codes in 24 h/)
    assert.equal(Number(sixth.headers.get('retry-after')), 24 * 3600 - 5 * 60)
    const code5 = await codeSentTo(sim, number, 5)
    assert.equal((await verify(a, created.id, code5)).status, 200)
  })

  it('parallel guesses get no more than the attempts left', async () => {
    const number = fresh()
    const created = await register(a, number)
    const code = await codeSentTo(sim, number)
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => verify(a, created.id, wrong(code)).then(violation)),
    )
    assert.equal(answers.filter((x) => x === 'CODE_WRONG').length, 4)
    assert.equal(answers.filter((x) => x === 'CODE_ATTEMPTS_EXHAUSTED').length, 8)
    assert.equal(violation(await verify(a, created.id, code)), 'CODE_ATTEMPTS_EXHAUSTED')
  })

  it("another account can neither see, verify, resend nor delete A's number", async () => {
    const number = fresh()
    const created = await register(a, number)
    const code = await codeSentTo(sim, number)
    const id = created.id
    for (const [method, path, body] of [
      ['GET', `/sender-numbers/${id}`, undefined],
      ['POST', `/sender-numbers/${id}/verify`, { code }],
      ['POST', `/sender-numbers/${id}/code`, undefined],
      ['DELETE', `/sender-numbers/${id}`, undefined],
    ] as const) {
      const r = await s.request(path, { token: b.token, method, ...(body ? { body } : {}) })
      assert.equal(r.status, 404, `${method} ${path}: ${r.text}`)
      assert.equal(r.body.code, 'SENDER_NUMBER_NOT_FOUND')
    }
    assert.deepEqual(
      (await s.request('/sender-numbers', { token: b.token })).body['hydra:member'],
      [],
    )
    const mine = await s.request(`/sender-numbers/${id}`, { token: a.token })
    assert.deepEqual(
      [mine.body.status, mine.body.attempts_left],
      ['pending', 5],
      "B's requests cost A nothing",
    )
    assert.equal((await verify(a, id, code)).status, 200)
    // B may register the same number for itself; verifying it takes the code sent to the number.
    s.clock.advance(60_000)
    const ofB = await register(b, number)
    assert.notEqual(ofB.id, id)
    assert.equal(
      violation(await verify(b, ofB.id, code)),
      'CODE_WRONG',
      "A's old code is no code of B's",
    )
    assert.equal(
      (await s.request(`/sender-numbers/${id}`, { token: a.token, method: 'DELETE' })).status,
      204,
    )
    assert.equal((await s.request(`/sender-numbers/${id}`, { token: a.token })).status, 404)
    assert.equal((await s.request(`/sender-numbers/${ofB.id}`, { token: b.token })).status, 200)
  })

  it('refuses bad input naming the field', async () => {
    const bad = await s.request('/sender-numbers', { token: a.token, body: { number: 'abc' } })
    assert.equal(bad.status, 422)
    assert.equal(bad.body.violations[0].propertyPath, 'number')
    const missing = await s.request('/sender-numbers/1/verify', { token: a.token, body: {} })
    assert.equal(missing.status, 422)
    assert.equal(missing.body.violations[0].propertyPath, 'code')
    assert.equal((await s.request('/sender-numbers/abc', { token: a.token })).status, 400)
    assert.equal((await s.request('/sender-numbers/999999', { token: a.token })).status, 404)
    assert.equal((await s.request('/sender-numbers')).status, 401)
  })

  describe('operator', () => {
    it('verifies a number for an account, once, and revokes it', async () => {
      const number = fresh()
      const r = await s.admin('/admin/sender-numbers', {
        body: { number: number.slice(1), account_id: b.userId },
      })
      assert.equal(r.status, 201, r.text)
      assert.deepEqual(
        [r.body.number, r.body.account_id, r.body.status, r.body.verified_by],
        [number, b.userId, 'verified', 'operator'],
      )
      const again = await s.admin('/admin/sender-numbers', {
        body: { number, account_id: b.userId },
      })
      assert.equal(again.status, 409)
      const seen = await s.request(`/sender-numbers/${r.body.id}`, { token: b.token })
      assert.equal(seen.body.status, 'verified')
      const listed = await s.admin(`/admin/sender-numbers?account_id=${b.userId}`)
      assert.ok(listed.body.sender_numbers.some((x: any) => x.id === r.body.id))
      assert.equal(
        (await s.admin(`/admin/sender-numbers/${r.body.id}`, { method: 'DELETE' })).status,
        204,
      )
      assert.equal((await s.admin(`/admin/sender-numbers/${r.body.id}`)).status, 404)
      assert.equal(
        (await s.request(`/sender-numbers/${r.body.id}`, { token: b.token })).status,
        404,
      )
    })

    it("verifies an account's pending registration", async () => {
      const number = fresh()
      const pending = await register(a, number)
      const r = await s.admin('/admin/sender-numbers', { body: { number, account_id: a.userId } })
      assert.equal(r.status, 201, r.text)
      assert.equal(r.body.id, pending.id)
      assert.equal(
        (await s.request(`/sender-numbers/${pending.id}`, { token: a.token })).body.verified_by,
        'operator',
      )
    })

    it('names each bad field', async () => {
      const r = await s.admin('/admin/sender-numbers', {
        body: { number: 'abc', account_id: 99999 },
      })
      assert.equal(r.status, 422)
      assert.deepEqual(r.body.violations.map((v: any) => v.propertyPath).sort(), [
        'account_id',
        'number',
      ])
    })

    it('refuses an account id beyond any account (PostgreSQL answered 500 for a bigint overflow)', async () => {
      for (const account_id of [2 ** 63, 1e308]) {
        const r = await s.admin('/admin/sender-numbers', { body: { number: fresh(), account_id } })
        assert.equal(r.status, 422, r.text)
        assert.deepEqual(
          r.body.violations.map((v: any) => v.propertyPath),
          ['account_id'],
        )
      }
    })
  })
})
