import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SessionSigner } from './session-token.js'

describe('SessionSigner', () => {
  const signer = new SessionSigner(Buffer.alloc(32, 7))
  const claims = { accountId: 1234567, keyId: 42, expiresAt: 1_800_000_000 }

  it('verifies what it signed and nothing altered', () => {
    const { value, claims: full } = signer.sign(claims)
    assert.deepEqual(signer.verify(value), full)
    const [account, ...rest] = value.split('.')
    assert.equal(signer.verify([Number(account) + 1, ...rest].join('.')), null)
    assert.equal(signer.verify(value.slice(0, -1) + (value.endsWith('A') ? 'B' : 'A')), null)
    assert.equal(signer.verify(`${value}.x`), null)
    assert.equal(signer.verify(''), null)
  })

  it('refuses a value signed with another secret', () => {
    const other = new SessionSigner(Buffer.alloc(32, 8))
    assert.equal(other.verify(signer.sign(claims).value), null)
  })

  it('gives every session its own CSRF token, which matches only that session', () => {
    const a = signer.sign(claims).claims
    const b = signer.sign(claims).claims
    assert.notEqual(signer.csrfToken(a), signer.csrfToken(b))
    assert.ok(signer.csrfMatches(a, signer.csrfToken(a)))
    assert.ok(!signer.csrfMatches(a, signer.csrfToken(b)))
    assert.ok(!signer.csrfMatches(a, ''))
  })
})

describe('SessionSigner kinds', () => {
  it("refuses a customer session as an operator's and the other way round", () => {
    const secret = Buffer.alloc(32, 7)
    const customer = new SessionSigner(secret)
    const operator = new SessionSigner(secret, 'operator')
    const claims = { accountId: 0, keyId: 0, expiresAt: 1_800_000_000 }
    const c = customer.sign(claims)
    const o = operator.sign(claims)
    assert.deepEqual(operator.verify(o.value), o.claims)
    assert.equal(operator.verify(c.value), null)
    assert.equal(customer.verify(o.value), null)
    assert.notEqual(operator.csrfToken(o.claims), customer.csrfToken(o.claims))
  })
})
