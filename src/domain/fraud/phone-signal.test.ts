import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { phoneSignal, type PhoneType } from './phone-signal.js'

describe('phoneSignal', () => {
  // number → valid, possible, type, region, reason codes
  const cases: [string, boolean, boolean, PhoneType, string | null, string[]][] = [
    ['+491701234567', true, true, 'mobile', 'DE', []],
    ['+33612345678', true, true, 'mobile', 'FR', []],
    ['+4930123456', true, true, 'fixed_line', 'DE', ['phone_fixed_line']],
    ['+14155552671', true, true, 'fixed_line_or_mobile', 'US', []],
    ['+445612345678', true, true, 'voip', 'GB', ['phone_voip']],
    ['+499001234567', true, true, 'premium_rate', 'DE', ['phone_premium_rate']],
    ['+498001234567', true, true, 'toll_free', 'DE', ['phone_toll_free']],
    ['+4990012345', false, true, 'unknown', 'DE', ['phone_invalid']],
    ['+123', false, false, 'unknown', null, ['phone_impossible']],
    ['+1900555123', false, false, 'unknown', null, ['phone_impossible']],
  ]
  for (const [phone, valid, possible, type, region, reasons] of cases) {
    it(`${phone}: ${type}, ${region}, [${reasons.join(', ')}]`, () => {
      const r = phoneSignal(phone)
      assert.deepEqual(
        [r.valid, r.possible, r.type, r.region, r.reasons.map((x) => x.code)],
        [valid, possible, type, region, reasons],
      )
    })
  }

  // history → reason codes
  const histories: [number, number, boolean, string[]][] = [
    [0, 0, false, []],
    [3, 1, false, []],
    [1, 1, false, []],
    [0, 1, false, ['phone_delivery_failed']],
    [2, 5, true, ['phone_delivery_failed', 'phone_opted_out']],
    [4, 0, true, ['phone_opted_out']],
  ]
  for (const [delivered, failed, optedOut, reasons] of histories) {
    it(`${delivered} delivered, ${failed} failed, opted out ${optedOut}: [${reasons}]`, () => {
      const r = phoneSignal('+491701234567', { delivered, failed, optedOut })
      assert.deepEqual(
        r.reasons.map((x) => x.code),
        reasons,
      )
      assert.deepEqual(
        [r.delivered_count, r.failed_count, r.opted_out],
        [delivered, failed, optedOut],
      )
    })
  }

  it('names the country calling code', () => {
    assert.equal(phoneSignal('+491701234567').country_calling_code, '+49')
  })
})
