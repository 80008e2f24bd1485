import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { addressSignal, type AddressInput, type OtherCountries } from './address-signal.js'

const FULL: AddressInput = {
  country_code: 'DE',
  city: 'Berlin',
  postal_code: '10115',
  street: 'Invalidenstraße',
  house_number: '117',
}

describe('addressSignal', () => {
  // address, other countries → complete, matches ip, matches phone, reason codes
  const cases: [
    string,
    AddressInput,
    OtherCountries,
    boolean,
    boolean | null,
    boolean | null,
    string[],
  ][] = [
    ['complete, all in DE', FULL, { ip: 'DE', phone: 'DE' }, true, true, true, []],
    [
      'lower-case country',
      { ...FULL, country_code: 'de' },
      { ip: 'DE', phone: null },
      true,
      true,
      null,
      [],
    ],
    ['nothing to compare', FULL, { ip: null, phone: null }, true, null, null, []],
    [
      'country only',
      { country_code: 'DE' },
      { ip: null, phone: null },
      false,
      null,
      null,
      ['address_incomplete'],
    ],
    [
      'blank street',
      { ...FULL, street: '  ' },
      { ip: 'DE', phone: 'DE' },
      false,
      true,
      true,
      ['address_incomplete'],
    ],
    [
      'IP elsewhere',
      FULL,
      { ip: 'US', phone: 'DE' },
      true,
      false,
      true,
      ['address_ip_country_mismatch'],
    ],
    [
      'phone elsewhere',
      FULL,
      { ip: 'DE', phone: 'FR' },
      true,
      true,
      false,
      ['address_phone_country_mismatch'],
    ],
    [
      'both elsewhere, incomplete',
      { country_code: 'DE', city: 'Berlin' },
      { ip: 'US', phone: 'FR' },
      false,
      false,
      false,
      ['address_incomplete', 'address_ip_country_mismatch', 'address_phone_country_mismatch'],
    ],
  ]
  for (const [label, address, others, complete, ip, phone, reasons] of cases) {
    it(`${label}: [${reasons}]`, () => {
      const r = addressSignal(address, others)
      assert.deepEqual(
        [r.complete, r.matches_ip_country, r.matches_phone_country, r.reasons.map((x) => x.code)],
        [complete, ip, phone, reasons],
      )
    })
  }

  it('trims the fields and upper-cases the country', () => {
    const r = addressSignal(
      { country_code: 'de', city: ' Berlin ', street: null },
      { ip: null, phone: null },
    )
    assert.deepEqual(
      [r.country_code, r.city, r.street, r.postal_code],
      ['DE', 'Berlin', null, null],
    )
  })
})
