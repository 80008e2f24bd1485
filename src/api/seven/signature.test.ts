import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { signatureProblem, signRequest } from './signature.js'

describe('seven request signatures', () => {
  const secret = 'secret-0123456789'
  const url = 'https://gateway.example/api/sms'
  const body = '{"to":"49170","text":"hi"}'
  const at = 1_800_000_000

  it('the HMAC of timestamp, nonce, method, URL and the body MD5, as the client computes it', () => {
    // The same computed with openssl (md5 of the body, then HMAC-SHA256 of the five lines).
    const sig = signRequest(secret, { timestamp: at, nonce: 'abc', method: 'post', url, body })
    assert.equal(sig, '6597fd96d9bf3b8899b9dfbf85014ebc7cb573b8517b7512c06cc956839f7386')
    assert.equal(
      sig,
      signRequest(secret, { timestamp: at, nonce: 'abc', method: 'POST', url, body }),
    )
    assert.notEqual(
      sig,
      signRequest(secret, { timestamp: at, nonce: 'abd', method: 'POST', url, body }),
    )
  })

  const request = (over: Record<string, unknown> = {}) => {
    const nonce = 'nonce-123456'
    const signature = signRequest(secret, { timestamp: at, nonce, method: 'POST', url, body })
    return {
      timestamp: String(at),
      nonce,
      signature,
      method: 'POST',
      urls: [url.replace('https', 'http'), url],
      body: Buffer.from(body),
      ...over,
    }
  }

  it('holds for any of the URLs the request may have been written with', () => {
    assert.equal(signatureProblem(secret, request(), at), null)
    assert.equal(signatureProblem(secret, request(), at + 300), null)
  })

  const cases: [string, Record<string, unknown>, number, RegExp][] = [
    ['missing headers', { signature: undefined }, at, /required/],
    ['timestamp not a number', { timestamp: '1e9' }, at, /unix time/],
    ['too old', {}, at + 301, /300 s/],
    ['from the future', {}, at - 301, /300 s/],
    ['short nonce', { nonce: 'x' }, at, /X-Nonce/],
    ['not hex', { signature: 'z'.repeat(64) }, at, /hex/],
    ['another body', { body: Buffer.from('{}') }, at, /does not match/],
    ['another URL', { urls: ['https://gateway.example/api/balance'] }, at, /does not match/],
    ['another method', { method: 'GET' }, at, /does not match/],
  ]
  for (const [what, over, now, problem] of cases) {
    it(`refused: ${what}`, () =>
      assert.match(signatureProblem(secret, request(over), now) ?? '', problem))
  }
})
