import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DLR_CODES } from '../dlr/dlr-codes.js'
import { CALL_OUTCOME_RECEIPTS, type CallOutcome } from './call-outcome.js'

describe('call outcomes as delivery reports', () => {
  const cases: [CallOutcome, number, string][] = [
    ['answered', 1, 'delivered'],
    ['busy', 16, 'rejected'],
    ['no-answer', 8, 'expired'],
    ['failed', 16, 'rejected'],
  ]
  for (const [outcome, dlrCode, result] of cases) {
    it(`${outcome} is dlr_code ${dlrCode} (${result})`, () => {
      const { state } = CALL_OUTCOME_RECEIPTS[outcome]
      assert.equal(DLR_CODES[state].dlrCode, dlrCode)
      assert.equal(DLR_CODES[state].outcome, result)
    })
  }
})
