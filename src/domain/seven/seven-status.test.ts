import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { SMS_STATUS } from '../message/status.js'
import { sevenStatus, sevenTime } from './seven-status.js'

describe('sevenStatus', () => {
  const cases: [dlr: number, status: number, expected: string][] = [
    [1, SMS_STATUS.SENT, 'DELIVERED'],
    [2, SMS_STATUS.SENT, 'BUFFERED'],
    [4, SMS_STATUS.SENT, 'TRANSMITTED'],
    [8, SMS_STATUS.SENT, 'EXPIRED'],
    [16, SMS_STATUS.SENT, 'REJECTED'],
    [16, SMS_STATUS.GATEWAY_ERROR, 'REJECTED'],
    [0, SMS_STATUS.NEW, 'UNKNOWN'],
    [0, SMS_STATUS.SENT, 'UNKNOWN'],
    [0, SMS_STATUS.NO_ROUTE, 'FAILED'],
    [0, SMS_STATUS.NO_FUNDS, 'FAILED'],
    [0, SMS_STATUS.CANCELLED, 'FAILED'],
    [0, SMS_STATUS.BLOCKED, 'FAILED'],
  ]
  for (const [dlr, status, expected] of cases)
    it(`dlr_code ${dlr}, status_code ${status} → ${expected}`, () =>
      assert.equal(sevenStatus(dlr, status), expected))
})

describe('sevenTime', () => {
  it("writes seven.io's timestamp in UTC", () => {
    assert.equal(sevenTime(Date.UTC(2021, 7, 24, 8, 8, 0) / 1000), '2021-08-24 08:08:00.000')
  })
})
