import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { appError, validationError, type AppError } from '../errors/app-error.js'
import { parseMailAddress, type MailAddress } from '../domain/mail/mail-address.js'
import type { Principal } from '../services/keys/authenticate.js'
import { mailRefusal, mailToCommand, problemOfError, type ParsedMail } from './mail-to-sms.js'

const DOMAINS = { sms: 'sms.test', bulk: 'bulk.test' }
const address = (raw: string): MailAddress => {
  const p = parseMailAddress(raw, DOMAINS)
  assert.ok(p.ok)
  return p.address
}
const MAIL: ParsedMail = {
  subject: 'Alarm',
  text: 'Door open',
  html: null,
  messageId: '<m1@x>',
  headerNames: ['from', 'to', 'subject'],
  attachmentTypes: [],
}
const principal = {} as Principal
const make = (raw: string, mail: Partial<ParsedMail> = {}) =>
  mailToCommand({
    address: address(raw),
    mail: { ...MAIL, ...mail },
    principal,
    ip: '127.0.0.1',
    senderId: 'Alarm',
    request: raw,
  })

describe('mailToCommand', () => {
  it('an SMS: the recipient with +, the text, its encoding, the service, the Message-ID key', () => {
    const c = make('1.k.491701234567.economy@sms.test')
    assert.equal(c.kind, 'sms')
    if (c.kind !== 'sms') return
    assert.equal(c.command.to, '+491701234567')
    assert.equal(c.command.from, 'Alarm')
    assert.equal(c.command.serviceCode, 'economy')
    assert.deepEqual(c.command.payload, {
      kind: 'text',
      text: 'Alarm\nDoor open',
      encoding: 'gsm7',
    })
    assert.equal(c.command.idempotency?.key, 'email:<m1@x>:1.k.491701234567.economy@sms.test')
  })
  it('no Message-ID: no idempotency key', () => {
    const c = make('1.k.4917@sms.test', { messageId: null })
    assert.ok(c.kind === 'sms' && c.command.idempotency === undefined)
  })
  it('a bulk to the group', () => {
    const c = make('1.k.42.direct.1.1.1@bulk.test')
    assert.ok(c.kind === 'bulk')
    assert.deepEqual(c.command.groupIds, [42])
    assert.deepEqual(c.command.numbers, [])
    assert.equal(c.command.text, 'Alarm')
    assert.equal(c.command.encoding, 'ucs2')
    assert.equal(c.command.dryrun, false)
  })
  it('no text for the source: a text_source problem', () => {
    assert.deepEqual(make('1.k.4917.direct.1.2@sms.test', { text: null }), {
      kind: 'problem',
      field: 'text_source',
      description: 'the mail has no text in its body',
    })
  })
  it('truncation is reported', () => {
    const c = make('1.k.4917.direct.1.2@sms.test', { text: 'x'.repeat(200) })
    assert.ok(c.kind === 'sms' && c.truncated)
  })
})

describe('problemOfError', () => {
  const cases: [AppError, string, string, string][] = [
    [
      validationError([{ propertyPath: 'to', message: 'is too short' }]),
      'sms',
      'phone',
      'is too short',
    ],
    [validationError([{ propertyPath: 'from', message: 'bad' }]), 'sms', 'sender_id', 'bad'],
    [
      validationError([{ propertyPath: 'serviceCode', message: 'not enabled' }]),
      'sms',
      'service_code',
      'not enabled',
    ],
    [
      validationError([{ propertyPath: 'groupIds[0]', message: 'group 9 not found' }]),
      'bulk',
      'group_id',
      'Group with id = 9 was not found!',
    ],
    [appError('ACCOUNT_BLOCKED'), 'sms', 'request', 'The account is blocked'],
  ]
  for (const [err, kind, field, description] of cases) {
    it(`${err.code} ${err.violations[0]?.propertyPath ?? ''} → ${field}`, () => {
      const a = address(kind === 'bulk' ? '1.k.9@bulk.test' : '1.k.4917@sms.test')
      assert.deepEqual(problemOfError(err, a), { field, description })
    })
  }
})

describe('mailRefusal', () => {
  it('a direct mail passes, a forward is refused with its reason', () => {
    assert.equal(mailRefusal(MAIL), null)
    assert.match(mailRefusal({ ...MAIL, subject: 'WG: Alarm' }) ?? '', /forwarded/)
  })
})
