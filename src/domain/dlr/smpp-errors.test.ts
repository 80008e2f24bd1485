import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SMPP_RETRY, SMPP_STATUS, retryRule, smppStatusName } from './smpp-errors.js'
import type { RetryRule } from './smpp-errors.js'

describe('SMPP_RETRY', () => {
  const cases: [string, number, RetryRule][] = [
    ['ESME_RTHROTTLED', 0x58, { retry: true, throttle: true }],
    ['ESME_RMSGQFUL', 0x14, { retry: true, throttle: true }],
    ['ESME_RSYSERR', 0x08, { retry: true }],
    ['ESME_RSUBMITFAIL', 0x45, { retry: true }],
    ['ESME_RX_T_APPN', 0x64, { retry: true }],
    ['ESME_RINVDSTADR', 0x0b, { retry: false }],
    ['ESME_RINVSRCADR', 0x0a, { retry: false }],
    ['ESME_RINVMSGLEN', 0x01, { retry: false }],
    ['ESME_RINVDCS', 0x104, { retry: false }],
    ['ESME_RX_R_APPN', 0x66, { retry: false }],
    ['ESME_RX_P_APPN', 0x65, { retry: false }],
    ['ESME_RINVESMCLASS', 0x43, { retry: false }],
    ['ESME_RINVDSTTON', 0x50, { retry: false }],
  ]
  for (const [name, code, rule] of cases) {
    it(`${name} (0x${code.toString(16)}) → ${JSON.stringify(rule)}`, () => {
      assert.equal(smppStatusName(code), name)
      assert.deepEqual(retryRule(code), rule)
    })
  }

  it('has one rule per error status and none for ESME_ROK', () => {
    const errors = Object.keys(SMPP_STATUS).filter((n) => n !== 'ESME_ROK')
    assert.deepEqual(Object.keys(SMPP_RETRY).sort(), errors.sort())
  })

  it('only throttling statuses throttle', () => {
    const throttling = Object.entries(SMPP_RETRY)
      .filter(([, rule]) => 'throttle' in rule)
      .map(([name]) => name)
    assert.deepEqual(throttling.sort(), ['ESME_RMSGQFUL', 'ESME_RTHROTTLED'])
  })

  it('status codes are unique', () => {
    const codes = Object.values(SMPP_STATUS)
    assert.equal(new Set(codes).size, codes.length)
  })

  it('vendor codes get a stable name and are permanent', () => {
    assert.equal(smppStatusName(0x401), 'ESME_0x00000401')
    assert.deepEqual(retryRule(0x401), { retry: false })
  })
})
