import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  emailSignal,
  isDisposableDomain,
  isRoleAccount,
  looksLikeEmail,
  mailboxDomain,
  type MxState,
} from './email-signal.js'

describe('looksLikeEmail (422 below this)', () => {
  const cases: [string, boolean][] = [
    ['anna@example.com', true],
    ['a..b@example', true],
    ['anna', false],
    ['@example.com', false],
    ['anna@', false],
    ['an@na@example.com', false],
    ['an na@example.com', false],
    ['anna@exa\u0000mple.com', false],
    [`${'a'.repeat(250)}@b.de`, false],
  ]
  for (const [text, ok] of cases) {
    it(`${JSON.stringify(text.slice(0, 30))} → ${ok}`, () => assert.equal(looksLikeEmail(text), ok))
  }
})

describe('mailboxDomain (the syntax signal)', () => {
  const cases: [string, string | null][] = [
    ['anna@example.com', 'example.com'],
    ['Anna.Schmidt+shop@Mail.Example.DE', 'mail.example.de'],
    ["o'brien@example.ie", 'example.ie'],
    ['anna@xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    ['a..b@example.com', null],
    ['.anna@example.com', null],
    ['anna.@example.com', null],
    ['anna@example', null],
    ['anna@-example.com', null],
    ['anna@example-.com', null],
    ['anna@example.c', null],
    ['anna@example.123', null],
    ['"anna"@example.com', null],
    [`${'a'.repeat(65)}@example.com`, null],
  ]
  for (const [email, domain] of cases) {
    it(`${email.slice(0, 40)} → ${domain}`, () => assert.equal(mailboxDomain(email), domain))
  }
})

describe('isDisposableDomain', () => {
  const lists = {
    exact: new Set(['mailinator.com', 'trashmail.de']),
    wildcard: new Set(['33mail.com']),
  }
  const cases: [string, boolean][] = [
    ['mailinator.com', true],
    ['eu.mailinator.com', true],
    ['trashmail.de', true],
    ['anna.33mail.com', true],
    ['33mail.com', true],
    ['example.com', false],
    ['mailinator.com.example.org', false],
    ['notmailinator.com', false],
  ]
  for (const [domain, disposable] of cases) {
    it(`${domain} → ${disposable}`, () =>
      assert.equal(isDisposableDomain(domain, lists), disposable))
  }
})

describe('isRoleAccount', () => {
  const cases: [string, boolean][] = [
    ['info@example.com', true],
    ['INFO@example.com', true],
    ['info+shop@example.com', true],
    ['sales.de@example.com', true],
    ['noreply@example.com', true],
    ['anna@example.com', false],
    ['information@example.com', false],
  ]
  for (const [email, role] of cases) {
    it(`${email} → ${role}`, () => assert.equal(isRoleAccount(email), role))
  }
})

describe('emailSignal', () => {
  // address, disposable, mx → reason codes
  const cases: [string, boolean, MxState, string[]][] = [
    ['anna@example.com', false, 'found', []],
    ['anna@example.com', false, 'unknown', []],
    ['anna@mailinator.com', true, 'found', ['email_disposable']],
    ['anna@example.com', false, 'none', ['email_no_mx']],
    ['anna@nowhere.example', false, 'no_domain', ['email_domain_missing']],
    ['info@example.com', false, 'found', ['email_role_account']],
    ['a..b@example.com', false, 'found', ['email_invalid_syntax']],
    [
      'info@mailinator.com',
      true,
      'none',
      ['email_disposable', 'email_no_mx', 'email_role_account'],
    ],
  ]
  for (const [email, disposable, mx, reasons] of cases) {
    it(`${email} (${disposable ? 'disposable' : 'listed nowhere'}, mx ${mx}): [${reasons}]`, () => {
      const r = emailSignal(email, { disposable, mx })
      assert.deepEqual(
        r.reasons.map((x) => x.code),
        reasons,
      )
    })
  }

  it('reports no domain facts for an address of invalid syntax', () => {
    const r = emailSignal('a..b@mailinator.com', { disposable: true, mx: 'found' })
    assert.deepEqual(
      [r.valid_syntax, r.domain, r.disposable, r.mx],
      [false, null, false, 'unknown'],
    )
  })
})
