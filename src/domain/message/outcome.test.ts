import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ReceiptState } from '../dlr/receipt-state.js'
import { MAX_SUBMIT_ATTEMPTS } from '../retry/backoff.js'
import { afterFailedSubmit, afterReceipts, expiredBeforeSubmit } from './outcome.js'
import type { AfterFailedSubmit, SubmitFacts, SubmitFailure } from './outcome.js'

const NOW = 1_800_000_000_000
const facts = (over: Partial<SubmitFacts> = {}): SubmitFacts => ({
  attempts: 1,
  validUntilMs: null,
  nowMs: NOW,
  jitter: 0.5,
  partlySent: false,
  ...over,
})
const throttled: SubmitFailure = { retry: true, code: 'ESME_RTHROTTLED' }
const refused: SubmitFailure = { retry: false, code: 'ESME_RINVDSTADR' }

describe('afterFailedSubmit', () => {
  const cases: [string, SubmitFailure, SubmitFacts, AfterFailedSubmit][] = [
    [
      'temporary, first attempt: retried after 1 s',
      throttled,
      facts(),
      { kind: 'retry', dueAtMs: NOW + 1000 },
    ],
    [
      'temporary, third attempt: 4 s',
      throttled,
      facts({ attempts: 3 }),
      { kind: 'retry', dueAtMs: NOW + 4000 },
    ],
    [
      "the carrier's hint wins over a shorter backoff",
      { ...throttled, retryAfterMs: 30_000 },
      facts(),
      { kind: 'retry', dueAtMs: NOW + 30_000 },
    ],
    [
      'backoff capped at 5 min',
      throttled,
      facts({ attempts: 11 }),
      { kind: 'retry', dueAtMs: NOW + 300_000 },
    ],
    [
      'temporary, attempts used up: failed, refunded',
      throttled,
      facts({ attempts: MAX_SUBMIT_ATTEMPTS }),
      { kind: 'end', state: 'failed', statusCode: 2000, dlrCode: 16, refund: true },
    ],
    [
      'temporary, the retry would come after the validity: expired',
      throttled,
      facts({ validUntilMs: NOW + 999 }),
      { kind: 'end', state: 'expired', statusCode: 0, dlrCode: 8, refund: true },
    ],
    [
      'temporary, the retry falls just within the validity',
      throttled,
      facts({ validUntilMs: NOW + 1001 }),
      { kind: 'retry', dueAtMs: NOW + 1000 },
    ],
    [
      'refused for good: failed, refunded',
      refused,
      facts(),
      { kind: 'end', state: 'failed', statusCode: 2000, dlrCode: 16, refund: true },
    ],
    [
      'refused for good even with validity left',
      refused,
      facts({ validUntilMs: NOW + 3_600_000 }),
      { kind: 'end', state: 'failed', statusCode: 2000, dlrCode: 16, refund: true },
    ],
    [
      'no route: its own status code',
      { retry: false, code: 'NO_ROUTE' },
      facts(),
      { kind: 'end', state: 'failed', statusCode: 2010, dlrCode: 16, refund: true },
    ],
    [
      'expired in the queue',
      { retry: false, code: 'EXPIRED_IN_QUEUE' },
      facts({ validUntilMs: NOW - 1 }),
      { kind: 'end', state: 'expired', statusCode: 0, dlrCode: 8, refund: true },
    ],
    [
      'no connector up: retried like any temporary failure',
      { retry: true, code: 'NO_CONNECTOR_UP' },
      facts({ attempts: 2 }),
      { kind: 'retry', dueAtMs: NOW + 2000 },
    ],
    [
      'partly sent and refused: no refund, the carrier has some parts',
      refused,
      facts({ partlySent: true }),
      { kind: 'end', state: 'failed', statusCode: 2000, dlrCode: 16, refund: false },
    ],
    [
      'partly sent and expired: no refund',
      throttled,
      facts({ partlySent: true, validUntilMs: NOW + 10 }),
      { kind: 'end', state: 'expired', statusCode: 0, dlrCode: 8, refund: false },
    ],
  ]
  for (const [name, failure, f, expected] of cases) {
    it(name, () => assert.deepEqual(afterFailedSubmit(failure, f), expected))
  }

  it('jitter spreads a retry over ±25 %', () => {
    assert.equal(
      (afterFailedSubmit(throttled, facts({ jitter: 0 })) as { dueAtMs: number }).dueAtMs,
      NOW + 750,
    )
    assert.equal(
      (afterFailedSubmit(throttled, facts({ jitter: 0.999 })) as { dueAtMs: number }).dueAtMs,
      NOW + 1250,
    )
  })
})

describe('expiredBeforeSubmit', () => {
  const cases: [number | null, number, boolean][] = [
    [null, NOW, false],
    [NOW, NOW, false],
    [NOW - 1, NOW, true],
    [NOW + 1, NOW, false],
  ]
  for (const [validUntil, now, expected] of cases) {
    it(`valid until ${validUntil} at ${now}: ${expected}`, () =>
      assert.equal(expiredBeforeSubmit(validUntil, now), expected))
  }
})

describe('afterReceipts', () => {
  const cases: [string, (ReceiptState | null)[], ReturnType<typeof afterReceipts>][] = [
    ['no receipt yet', [null], null],
    ['one part delivered', ['DELIVRD'], { dlrCode: 1, state: 'delivered', final: true }],
    [
      'one part accepted by the handset network',
      ['ACCEPTD'],
      { dlrCode: 4, state: 'sent', final: false },
    ],
    ['one part en route', ['ENROUTE'], { dlrCode: 2, state: 'sent', final: false }],
    ['one part expired', ['EXPIRED'], { dlrCode: 8, state: 'expired', final: true }],
    ['one part undeliverable', ['UNDELIV'], { dlrCode: 16, state: 'rejected', final: true }],
    ['one part rejected', ['REJECTD'], { dlrCode: 16, state: 'rejected', final: true }],
    ['one part deleted', ['DELETED'], { dlrCode: 16, state: 'rejected', final: true }],
    ['unknown state', ['UNKNOWN'], { dlrCode: 2, state: 'sent', final: false }],
    [
      'two parts, one delivered: still sent',
      ['DELIVRD', null],
      { dlrCode: 2, state: 'sent', final: false },
    ],
    [
      'two parts delivered',
      ['DELIVRD', 'DELIVRD'],
      { dlrCode: 1, state: 'delivered', final: true },
    ],
    [
      'delivered and expired: expired',
      ['DELIVRD', 'EXPIRED'],
      { dlrCode: 8, state: 'expired', final: true },
    ],
    [
      'expired and rejected: rejected',
      ['EXPIRED', 'REJECTD'],
      { dlrCode: 16, state: 'rejected', final: true },
    ],
    [
      'a final part and a pending one: pending',
      ['UNDELIV', 'ACCEPTD'],
      { dlrCode: 4, state: 'sent', final: false },
    ],
  ]
  for (const [name, parts, expected] of cases) {
    it(name, () => assert.deepEqual(afterReceipts(parts), expected))
  }
})
