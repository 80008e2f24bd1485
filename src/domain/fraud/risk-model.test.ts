import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { NO_HISTORY } from './phone-signal.js'
import { combine, reason, REASONS, type ReasonCode } from './reasons.js'
import { scoreCheck, type CheckFacts } from './risk-model.js'
import type { GeoFacts } from './ip-signal.js'

const geo = (country: string): GeoFacts => ({
  country,
  region: null,
  city: null,
  latitude: null,
  longitude: null,
  timezone: null,
})

describe('combine (noisy-OR of the weights)', () => {
  const cases: [ReasonCode[], number][] = [
    [[], 0],
    [['email_role_account'], 20],
    [['email_disposable'], 60],
    [['email_disposable', 'phone_voip'], 74], // 1 − 0.4 × 0.65
    [['email_disposable', 'phone_voip', 'ip_not_public'], 87], // 1 − 0.4 × 0.65 × 0.5
    [['address_incomplete', 'address_incomplete'], 28],
  ]
  for (const [codes, score] of cases) {
    it(`[${codes}] → ${score}`, () => assert.equal(combine(codes.map(reason)), score))
  }

  it('keeps every weight within 0..100 and never reaches 100 without a reason of 100', () => {
    for (const r of Object.values(REASONS)) assert.ok(r.weight > 0 && r.weight < 100)
    const all = (Object.keys(REASONS) as ReasonCode[]).map(reason)
    assert.ok(combine(all) <= 100)
  })
})

// Characteristic profiles: the score and the reasons each earns.
describe('scoreCheck: profiles', () => {
  const clean: CheckFacts = {
    phone: { phone: '+491701234567', history: { delivered: 3, failed: 0, optedOut: false } },
    email: { email: 'anna.schmidt@example.de', disposable: false, mx: 'found' },
    ip: { ip: '85.214.132.117', geo: geo('DE') },
    address: {
      country_code: 'DE',
      city: 'Berlin',
      postal_code: '10115',
      street: 'Invalidenstraße',
      house_number: '117',
    },
  }
  const profiles: [string, CheckFacts, number, ReasonCode[]][] = [
    ['a clean local customer', clean, 0, []],
    [
      'disposable e-mail, VoIP number and a private IP',
      {
        phone: { phone: '+445612345678', history: NO_HISTORY },
        email: { email: 'x@mailinator.com', disposable: true, mx: 'found' },
        ip: { ip: '10.0.0.7', geo: null },
      },
      87,
      ['email_disposable', 'ip_not_public', 'phone_voip'],
    ],
    [
      'countries that do not match (DE phone, US IP, FR address)',
      {
        ...clean,
        ip: { ip: '8.8.8.8', geo: geo('US') },
        address: { ...clean.address!, country_code: 'FR' },
      },
      // 1 − 0.8 (phone/IP) × 0.7 (address/IP) × 0.75 (address/phone)
      58,
      [
        'address_ip_country_mismatch',
        'address_phone_country_mismatch',
        'phone_ip_country_mismatch',
      ],
    ],
    [
      'a number that failed delivery and opted out',
      { phone: { phone: '+491701234567', history: { delivered: 0, failed: 2, optedOut: true } } },
      48,
      ['phone_delivery_failed', 'phone_opted_out'],
    ],
    ['an e-mail alone, fine', { email: clean.email! }, 0, []],
  ]
  for (const [label, facts, score, codes] of profiles) {
    it(`${label}: ${score}`, () => {
      const r = scoreCheck(facts)
      assert.equal(r.risk_score, score)
      assert.deepEqual(r.reasons.map((x) => x.code).sort(), [...codes].sort())
    })
  }

  it('scores each part on its own reasons and leaves absent parts null', () => {
    const r = scoreCheck({
      phone: { phone: '+445612345678', history: NO_HISTORY },
      email: { email: 'x@mailinator.com', disposable: true, mx: 'found' },
    })
    assert.equal(r.request_phone?.risk_score, 35)
    assert.equal(r.request_email?.risk_score, 60)
    assert.equal(r.request_ip, null)
    assert.equal(r.request_address, null)
    assert.equal(r.risk_score, 74)
    assert.deepEqual(
      r.reasons.map((x) => x.weight),
      [60, 35],
      'heaviest first',
    )
  })

  it('compares the phone with the IP only when both have a country', () => {
    const unknownIp = scoreCheck({
      phone: { phone: '+491701234567', history: NO_HISTORY },
      ip: { ip: '85.214.132.117', geo: null },
    })
    assert.equal(unknownIp.request_ip?.matches_phone_country, null)
    const invalidPhone = scoreCheck({
      phone: { phone: '+4990012345', history: NO_HISTORY },
      ip: { ip: '8.8.8.8', geo: geo('US') },
    })
    assert.equal(invalidPhone.request_ip?.matches_phone_country, null)
  })
})
