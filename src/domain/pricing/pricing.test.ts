import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { fromMicro, toMicro } from './money.js'
import { messagePrice, pickUnitPrice, type PriceCandidate } from './price-list.js'

describe('toMicro / fromMicro', () => {
  const cases: [string | number, number | null][] = [
    ['0.056', 56_000],
    [0.056, 56_000],
    ['100', 100_000_000],
    [100, 100_000_000],
    ['100.00', 100_000_000],
    ['0.000001', 1],
    ['-5.5', -5_500_000],
    [0.1 + 0.2, null], // 0.30000000000000004 has more than 6 fraction digits
    ['1.1234567', null],
    ['abc', null],
    ['', null],
    ['1e3', null],
    [Number.NaN, null],
  ]
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(toMicro(input), expected))
  }
  it('round-trips without float drift', () => {
    for (const s of ['0.056', '0.075', '12.345678', '99999.999999']) {
      assert.equal(String(fromMicro(toMicro(s)!)), s)
    }
  })
})

describe('pickUnitPrice', () => {
  const rows: PriceCandidate[] = [
    { account_id: 0, service_code: '*', iso2: '*', price_micro: 100 },
    { account_id: 0, service_code: '*', iso2: 'DE', price_micro: 90 },
    { account_id: 7, service_code: '*', iso2: '*', price_micro: 80 },
    { account_id: 7, service_code: 'economy', iso2: '*', price_micro: 50 },
    { account_id: 7, service_code: 'direct', iso2: 'AT', price_micro: 70 },
    { account_id: 7, service_code: '*', iso2: 'AT', price_micro: 75 },
  ]
  const cases: [number, string, string | null, number | null][] = [
    [7, 'direct', 'AT', 70], // own, exact country and service
    [7, 'pro', 'AT', 75], // own, exact country
    [7, 'economy', 'FR', 50], // own, exact service beats own '*'
    [7, 'direct', 'DE', 80], // own '*' beats the default list's DE
    [8, 'direct', 'DE', 90], // default list, exact country
    [8, 'direct', 'FR', 100],
    [8, 'direct', null, 100], // unknown country: only '*' rows apply
  ]
  for (const [acct, svc, iso2, expected] of cases) {
    it(`account ${acct} ${svc} ${iso2} → ${expected}`, () =>
      assert.equal(pickUnitPrice(rows, acct, svc, iso2), expected))
  }
  it('null when nothing applies', () => {
    assert.equal(pickUnitPrice([rows[4]!], 7, 'direct', 'DE'), null)
  })
  it('price is parts × unit price', () => assert.equal(messagePrice(56_000, 3), 168_000))
})
