import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  failureReason,
  judgeFailure,
  type FailurePolicy,
  type FailureRecord,
} from './webhook-health.js'

const H = 3_600_000
const policy: FailurePolicy = {
  disableAfterMs: 24 * H,
  disableMinFailures: 10,
  noticeEveryMs: 24 * H,
}
const record: FailureRecord = {
  isActive: true,
  failingSinceMs: 0,
  failedCount: 1,
  notifiedAtMs: null,
}

describe('judgeFailure', () => {
  const cases: [
    string,
    Partial<FailureRecord>,
    number,
    Partial<FailurePolicy>,
    ReturnType<typeof judgeFailure>,
  ][] = [
    [
      'the first event given up after a delivery: notice',
      {},
      0,
      {},
      { disable: false, notice: 'failing' },
    ],
    [
      'told an hour ago: no notice',
      { failedCount: 5, notifiedAtMs: 0 },
      H,
      {},
      { disable: false, notice: null },
    ],
    [
      'told a period ago: notice again',
      { failedCount: 5, notifiedAtMs: 0 },
      24 * H,
      { disableMinFailures: 99 },
      { disable: false, notice: 'failing' },
    ],
    [
      '24 h and 10 events: off',
      { failedCount: 10, notifiedAtMs: 0 },
      24 * H,
      {},
      { disable: true, notice: 'disabled' },
    ],
    [
      '24 h but 9 events: on',
      { failedCount: 9, notifiedAtMs: H },
      24 * H,
      {},
      { disable: false, notice: null },
    ],
    [
      '10 events in 23 h: on',
      { failedCount: 10, notifiedAtMs: 0 },
      23 * H,
      {},
      { disable: false, notice: null },
    ],
    [
      'disabling off (0): never',
      { failedCount: 1000, notifiedAtMs: 0 },
      1000 * H,
      { disableAfterMs: 0, noticeEveryMs: 2000 * H },
      { disable: false, notice: null },
    ],
    [
      'already off: nothing',
      { isActive: false, failedCount: 1000 },
      1000 * H,
      {},
      { disable: false, notice: null },
    ],
  ]
  for (const [name, r, now, p, want] of cases) {
    it(name, () =>
      assert.deepEqual(judgeFailure({ ...record, ...r }, now, { ...policy, ...p }), want),
    )
  }
})

describe('failureReason', () => {
  const cases: [Parameters<typeof failureReason>, string][] = [
    [['http', 503, null], 'http_5xx'],
    [['http', 404, null], 'http_4xx'],
    [['legacy_get', 302, null], 'http_other'],
    [['http', null, 'timeout'], 'timeout'],
    [['http', null, 'ECONNREFUSED'], 'connection'],
    [['http', null, 'ETARGETPRIVATE'], 'private_target'],
    [['email', null, 'no SMTP relay configured (TAUBE_SMTP_URL)'], 'no_smtp'],
    [['legacy_email', 550, 'EENVELOPE: rejected'], 'smtp'],
  ]
  for (const [args, want] of cases)
    it(`${args.join(' ')} → ${want}`, () => assert.equal(failureReason(...args), want))
})
