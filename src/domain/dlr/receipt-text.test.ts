import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { formatReceiptText, parseReceiptText, receiptDateToMs } from './receipt-text.js'
import type { ParsedReceipt } from './receipt-text.js'

const STANDARD =
  'id:0123456789 sub:001 dlvrd:001 submit date:2403151230 done date:2403151231 stat:DELIVRD err:000 text:Hello world'

describe('parseReceiptText: real-world variants', () => {
  const cases: [string, string, Partial<ParsedReceipt>][] = [
    [
      'appendix B as written',
      STANDARD,
      {
        id: '0123456789',
        sub: 1,
        dlvrd: 1,
        submitDate: '2403151230',
        doneDate: '2403151231',
        stat: 'DELIVRD',
        state: 'DELIVRD',
        err: '000',
        text: 'Hello world',
      },
    ],
    [
      'hex id with letters, 12-digit dates with seconds',
      'id:7f3a9c0b1e sub:001 dlvrd:000 submit date:240315123005 done date:240315123159 stat:UNDELIV err:001 text:',
      {
        id: '7f3a9c0b1e',
        submitDate: '240315123005',
        doneDate: '240315123159',
        state: 'UNDELIV',
        err: '001',
        text: '',
      },
    ],
    [
      'upper-case keys',
      'ID:ABC-1 SUB:001 DLVRD:001 SUBMIT DATE:2403151230 DONE DATE:2403151231 STAT:EXPIRED ERR:027 TEXT:Hi',
      { id: 'ABC-1', state: 'EXPIRED', err: '027', text: 'Hi', doneDate: '2403151231' },
    ],
    [
      'underscored date keys (Kannel, some Asian SMSCs)',
      'id:42 submit_date:2403151230 done_date:2403151231 stat:REJECTD err:0B1',
      {
        id: '42',
        submitDate: '2403151230',
        doneDate: '2403151231',
        state: 'REJECTD',
        err: '0B1',
        sub: null,
        text: null,
      },
    ],
    [
      'other order, missing sub/dlvrd/text',
      'stat:ACCEPTD id:x9 err:000 done date:2403151231',
      {
        id: 'x9',
        state: 'ACCEPTD',
        sub: null,
        dlvrd: null,
        submitDate: null,
        doneDate: '2403151231',
      },
    ],
    [
      'long state spelling',
      'id:1 stat:DELIVERED',
      { id: '1', stat: 'DELIVERED', state: 'DELIVRD', err: null },
    ],
    [
      'unknown state text is kept raw',
      'id:1 stat:FOOBAR err:5',
      { id: '1', stat: 'FOOBAR', state: null, err: '5' },
    ],
    [
      'text quoting receipt keys changes nothing',
      'id:77 sub:001 dlvrd:000 submit date:2403151230 done date:2403151231 stat:EXPIRED err:000 text:id:99 stat:DELIVRD',
      { id: '77', state: 'EXPIRED', text: 'id:99 stat:DELIVRD' },
    ],
    [
      'lower-case stat, extra spaces after colons',
      'id: 5  sub: 001 dlvrd: 001 stat: delivrd err: 000',
      { id: '5', sub: 1, dlvrd: 1, stat: 'delivrd', state: 'DELIVRD' },
    ],
    [
      'invalid dates dropped, not guessed',
      'id:5 submit date:24031512 done date:abcdefghij stat:ENROUTE',
      { submitDate: null, doneDate: null, state: 'ENROUTE' },
    ],
  ]
  for (const [name, text, expected] of cases) {
    it(name, () => {
      const parsed = parseReceiptText(text)
      assert.ok(parsed, 'parsed')
      for (const [key, value] of Object.entries(expected)) {
        assert.deepEqual(parsed[key as keyof ParsedReceipt], value, key)
      }
    })
  }

  const notReceipts = [
    '',
    'Hello, are you there?',
    'sub:001 stat:DELIVRD',
    'id: stat:DELIVRD',
    'paid:12',
  ]
  for (const text of notReceipts) {
    it(`no id → null: ${JSON.stringify(text)}`, () => assert.equal(parseReceiptText(text), null))
  }
})

describe('receiptDateToMs', () => {
  const cases: [string, number | null][] = [
    ['2403151230', Date.UTC(2024, 2, 15, 12, 30)],
    ['240315123059', Date.UTC(2024, 2, 15, 12, 30, 59)],
    ['0001010000', Date.UTC(2000, 0, 1)],
    ['2402300000', null], // 30 February
    ['2413010000', null],
    ['2403152500', null],
    ['24031512', null],
  ]
  for (const [digits, ms] of cases) {
    it(`${digits} → ${ms}`, () => assert.equal(receiptDateToMs(digits), ms))
  }
})

describe('formatReceiptText', () => {
  it('writes appendix B with UTC dates and 20 characters of text', () => {
    const text = formatReceiptText({
      id: 'abc123',
      state: 'DELIVRD',
      submitAtMs: Date.UTC(2024, 2, 15, 12, 30, 45),
      doneAtMs: Date.UTC(2024, 11, 1, 9, 5),
      text: 'This text is longer than twenty characters',
    })
    assert.equal(
      text,
      'id:abc123 sub:001 dlvrd:001 submit date:2403151230 done date:2412010905 stat:DELIVRD err:000 text:This text is longer ',
    )
  })

  it('dlvrd 0 unless delivered; explicit fields win', () => {
    const text = formatReceiptText({
      id: 'Z',
      state: 'EXPIRED',
      submitAtMs: 0,
      doneAtMs: 0,
      err: '027',
      sub: 2,
    })
    assert.match(
      text,
      /^id:Z sub:002 dlvrd:000 submit date:7001010000 .* stat:EXPIRED err:027 text:$/,
    )
  })

  it('round-trips through parseReceiptText', () => {
    const doneAtMs = Date.UTC(2031, 6, 4, 23, 59)
    const fields = {
      id: 'f00d',
      state: 'REJECTD' as const,
      submitAtMs: 0,
      doneAtMs,
      err: '011',
      text: 'ok',
    }
    const parsed = parseReceiptText(formatReceiptText(fields))
    assert.equal(parsed?.id, 'f00d')
    assert.equal(parsed?.state, 'REJECTD')
    assert.equal(parsed?.err, '011')
    assert.equal(parsed?.text, 'ok')
    assert.equal(receiptDateToMs(parsed?.doneDate ?? ''), doneAtMs)
  })
})
