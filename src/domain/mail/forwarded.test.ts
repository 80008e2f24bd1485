import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { forwardedReason, type MailFacts } from './forwarded.js'

const direct: MailFacts = {
  headerNames: ['from', 'to', 'subject', 'date', 'message-id', 'received'],
  subject: 'Alarm: door 3 open',
  body: 'Zone 4 triggered at 03:12',
  attachmentTypes: [],
}

const CASES: [string, Partial<MailFacts>, RegExp | null][] = [
  ['a direct mail', {}, null],
  ['a reply prefix is no forward', { subject: 'Re: Alarm' }, null],
  ['a subject that merely mentions forwarding', { subject: 'forward the parcel' }, null],
  ['Fwd:', { subject: 'Fwd: Alarm' }, /subject/],
  ['FW:', { subject: 'FW: Alarm' }, /subject/],
  ['WG: (German clients)', { subject: 'WG: Alarm' }, /subject/],
  ['Resent-From', { headerNames: [...direct.headerNames, 'resent-from'] }, /resent-from/],
  ['X-Forwarded-To', { headerNames: ['x-forwarded-to'] }, /x-forwarded-to/],
  ['an attached mail', { attachmentTypes: ['message/rfc822'] }, /attachment/],
  [
    'a quoted original',
    { body: 'see below\n\n---------- Forwarded message ---------\nFrom: a@b' },
    /Forwarded message/,
  ],
  ['Apple Mail', { body: 'Begin forwarded message:\n\nFrom: x' }, /Begin forwarded/],
  ['German', { body: '-------- Weitergeleitete Nachricht --------' }, /Weitergeleitete/],
]

describe('forwardedReason', () => {
  for (const [name, change, reason] of CASES) {
    it(name, () => {
      const got = forwardedReason({ ...direct, ...change })
      if (reason === null) assert.equal(got, null)
      else assert.match(got ?? '', reason)
    })
  }
})
