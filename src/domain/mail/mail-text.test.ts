import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { splitParts } from '../encoding/segments.js'
import { bodyText, fitText, smsTextOf, stripHtml, type MailContent } from './mail-text.js'

const mail = (m: Partial<MailContent>): MailContent => ({
  subject: null,
  text: null,
  html: null,
  ...m,
})

describe('smsTextOf: text_source', () => {
  const m = mail({ subject: 'Alarm', text: 'Door 3 open\n' })
  const cases: [0 | 1 | 2, string][] = [
    [0, 'Alarm\nDoor 3 open'],
    [1, 'Alarm'],
    [2, 'Door 3 open'],
  ]
  for (const [source, want] of cases) {
    it(`${source} → ${JSON.stringify(want)}`, () => assert.equal(smsTextOf(m, source), want))
  }
  it('0 without a subject is the body alone, without a body the subject alone', () => {
    assert.equal(smsTextOf(mail({ text: 'body' }), 0), 'body')
    assert.equal(smsTextOf(mail({ subject: 'subj' }), 0), 'subj')
  })
  it('nothing at all is empty', () => assert.equal(smsTextOf(mail({}), 0), ''))
  it('a folded subject is one line', () => {
    assert.equal(smsTextOf(mail({ subject: 'a\r\n b' }), 1), 'a\n b'.replace('\n', ' '))
  })
})

describe('bodyText', () => {
  const cases: [string, Partial<MailContent>, string][] = [
    ['the text part is preferred over HTML', { text: 'plain', html: '<p>html</p>' }, 'plain'],
    ['HTML only: stripped', { html: '<p>Hello <b>you</b></p><p>second</p>' }, 'Hello you\nsecond'],
    ['an empty text part: HTML instead', { text: ' \n', html: 'x<br>y' }, 'x\ny'],
    ['signature after "-- " dropped', { text: 'Text\n-- \nJohn\nACME' }, 'Text'],
    ['a trimmed "--" too', { text: 'Text\r\n--\r\nJohn' }, 'Text'],
    ['"--" inside a line stays', { text: 'a -- b' }, 'a -- b'],
    ['CRLF and trailing blanks', { text: 'a  \r\nb\r\n\r\n\r\n\r\nc\r\n' }, 'a\nb\n\nc'],
  ]
  for (const [name, m, want] of cases) it(name, () => assert.equal(bodyText(mail(m)), want))
})

describe('stripHtml', () => {
  const cases: [string, string][] = [
    ['<style>p{color:red}</style><p>a</p>', 'a\n'],
    ['<script>alert(1)</script>b', 'b'],
    ['<!-- hidden -->c', 'c'],
    ['x &amp; y &lt;3 &#228; &#x263A; &nbsp;z', 'x & y <3 ä ☺  z'],
    ['<div>one</div><div>two</div>', 'one\ntwo\n'],
    ['&unknown; stays', '&unknown; stays'],
  ]
  for (const [html, want] of cases) it(html, () => assert.equal(stripHtml(html), want))
})

describe('fitText: encoding and truncation to max_sms_parts', () => {
  const cases: [string, string, 0 | 1 | 2, number, string, 'gsm7' | 'ucs2', boolean][] = [
    ['GSM, fits', 'hello', 0, 1, 'hello', 'gsm7', false],
    [
      'GSM forced: lookalikes mapped, the rest ?',
      'größer „x“ 😀',
      0,
      1,
      'größer "x" ?',
      'gsm7',
      false,
    ],
    ['Unicode forced', 'hello', 1, 1, 'hello', 'ucs2', false],
    ['auto: GSM text stays GSM', 'hello €', 2, 1, 'hello €', 'gsm7', false],
    ['auto: one non-GSM character makes all UCS-2', 'hello 😀', 2, 1, 'hello 😀', 'ucs2', false],
    ['GSM 161 characters cut to 160', 'a'.repeat(161), 0, 1, 'a'.repeat(160), 'gsm7', true],
    ['GSM 2 parts: 306', 'a'.repeat(400), 0, 2, 'a'.repeat(306), 'gsm7', true],
    ['UCS-2 1 part: 70', 'ж'.repeat(71), 1, 1, 'ж'.repeat(70), 'ucs2', true],
    ['UCS-2 10 parts: 670', 'ж'.repeat(700), 2, 10, 'ж'.repeat(670), 'ucs2', true],
    ['an escape pair is not split', 'a'.repeat(159) + '€', 0, 1, 'a'.repeat(159), 'gsm7', true],
    ['a surrogate pair is not split', 'ж'.repeat(69) + '😀', 1, 1, 'ж'.repeat(69), 'ucs2', true],
  ]
  for (const [name, text, enc, parts, want, encoding, truncated] of cases) {
    it(name, () => {
      const got = fitText(text, enc, parts)
      assert.deepEqual(got, { text: want, encoding, truncated })
      assert.ok(splitParts(got.text, got.encoding).length <= parts)
    })
  }
  it('every cut fits its parts, escape pairs at every boundary', () => {
    for (let parts = 1; parts <= 10; parts++) {
      const got = fitText('€a'.repeat(1000), 0, parts)
      assert.ok(splitParts(got.text, 'gsm7').length <= parts, `parts ${parts}`)
      assert.ok(got.truncated)
    }
  })
})
