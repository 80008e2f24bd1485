import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import metadata from 'libphonenumber-js/min/metadata'
import {
  countryByParsing,
  destinationCountry,
  normalizeNumberForm,
  normalizePhone,
} from './e164.js'
import type { PhoneFailure, PhoneResult } from './e164.js'

const ok = (e164: string, iso2: string | null): PhoneResult => ({ ok: true, e164, iso2 })
const fail = (reason: PhoneFailure): PhoneResult => ({
  ok: false,
  reason,
})

describe('normalizePhone', () => {
  const cases: [string, string, string | null, PhoneResult][] = [
    // Spec §5.2 input forms.
    ['E.164 unchanged', '+491701234567', 'AT', ok('+491701234567', 'DE')],
    ['00 prefix', '00491701234567', 'AT', ok('+491701234567', 'DE')],
    ['missing +', '491701234567', 'AT', ok('+491701234567', 'DE')],
    ['national DE', '01701234567', 'DE', ok('+491701234567', 'DE')],
    ['national AT', '06641234567', 'AT', ok('+436641234567', 'AT')],
    ['national CH', '0791234567', 'CH', ok('+41791234567', 'CH')],
    ['national GB', '07400123456', 'GB', ok('+447400123456', 'GB')],
    ['national FR', '06 12 34 56 78', 'FR', ok('+33612345678', 'FR')],
    ['national IT keeps its 0', '06 1234 5678', 'IT', ok('+390612345678', 'IT')],
    ['national HU trunk 06', '06301234567', 'HU', ok('+36301234567', 'HU')],
    ['national DE outside known ranges', '01234567', 'DE', ok('+491234567', 'DE')],
    ['national DE too short', '0123', 'DE', fail('INVALID_LENGTH')],
    ['lower-case account country', '01701234567', 'de', ok('+491701234567', 'DE')],
    // Separators.
    ['spaces, brackets, dash, slash', '+49 (170) 123-45/67', null, ok('+491701234567', 'DE')],
    ['dots with 00', '0049.170.1234567', null, ok('+491701234567', 'DE')],
    ['tab and no-break space', '+49\t170\u00a01234567', null, ok('+491701234567', 'DE')],
    // Failures.
    ['empty', '', 'DE', fail('EMPTY')],
    ['separators only', ' ( ) - ', 'DE', fail('EMPTY')],
    ['letters', '+49170ABCDEF', 'DE', fail('INVALID_CHARACTERS')],
    ['extension text', '+49 170 1234567 ext 5', 'DE', fail('INVALID_CHARACTERS')],
    ['star', '+49*1701234567', 'DE', fail('INVALID_CHARACTERS')],
    ['+ in the middle', '49+1701234567', 'DE', fail('INVALID_FORMAT')],
    ['double +', '++491701234567', 'DE', fail('INVALID_FORMAT')],
    ['lone +', '+', 'DE', fail('INVALID_FORMAT')],
    ['too short', '+12', 'DE', fail('INVALID_FORMAT')],
    ['shortest the regex takes, too short for +1', '+123', 'DE', fail('INVALID_LENGTH')],
    ['too short for +49', '+4917', 'DE', fail('INVALID_LENGTH')],
    ['15 nines: no calling code 999', '+999999999999999', 'DE', fail('UNKNOWN_CALLING_CODE')],
    ['a leading minus is a negative number', '-491701234567', 'DE', fail('INVALID_FORMAT')],
    ['a leading dot', '.491701234567', 'DE', fail('INVALID_FORMAT')],
    ['a leading bracket is a separator', '(0049) 170 1234567', 'DE', ok('+491701234567', 'DE')],
    ['15 digits too long for +1', '+121255512345678', 'DE', fail('INVALID_LENGTH')],
    ['15 digits accepted', '+491701234567890', 'DE', ok('+491701234567890', 'DE')],
    ['16 digits too long', '+4917012345678901', 'DE', fail('INVALID_FORMAT')],
    ['+0 is no calling code', '+0491701234567', 'DE', fail('INVALID_FORMAT')],
    ['000 becomes +0', '000491701234567', 'DE', fail('INVALID_FORMAT')],
    ['trunk 0 alone', '0', 'DE', fail('INVALID_FORMAT')],
    ['national without account country', '01701234567', null, fail('INVALID_FORMAT')],
    ['national with unknown account country', '01701234567', 'XX', fail('INVALID_FORMAT')],
    // Destination country.
    ['US', '+12125551234', 'DE', ok('+12125551234', 'US')],
    ['CA', '+14165551234', 'DE', ok('+14165551234', 'CA')],
    ['RU', '+79161234567', 'DE', ok('+79161234567', 'RU')],
    ['KZ', '+77012345678', 'DE', ok('+77012345678', 'KZ')],
    ['Guernsey mobile range', '+447911123456', 'DE', ok('+447911123456', 'GG')],
    ['unpinned +44 falls back to GB', '+441481123456', 'DE', ok('+441481123456', 'GB')],
    ['unpinned +1 falls back to US', '+15551234567', 'DE', ok('+15551234567', 'US')],
    ['unknown range but single-country code', '+4915001234', 'DE', ok('+4915001234', 'DE')],
    ['unassigned calling code', '+99912345678', 'DE', fail('UNKNOWN_CALLING_CODE')],
    ['non-geographic calling code', '+80012345678', 'DE', ok('+80012345678', null)],
  ]
  for (const [name, input, accountCountry, expected] of cases) {
    it(`${name}: ${JSON.stringify(input)}`, () => {
      assert.deepEqual(normalizePhone(input, accountCountry), expected)
    })
  }
})

describe('normalizeNumberForm: inbound numbers and carrier addresses', () => {
  it('takes short codes and numbers the plan does not know, which recipients may not be', () => {
    for (const [input, e164] of [
      ['80888', '+80888'],
      ['+4917', '+4917'],
      ['+99912345678', '+99912345678'],
    ]) {
      assert.deepEqual(normalizeNumberForm(input!, null), {
        ok: true,
        e164,
        iso2: destinationCountry(e164!),
      })
      assert.equal(normalizePhone(input!, null).ok, false, input)
    }
  })

  it('refuses what is no number at all', () => {
    for (const input of ['', 'Bank', '-491701234567', '+0170'])
      assert.equal(normalizeNumberForm(input, null).ok, false, input)
  })
})

describe('destinationCountry', () => {
  // Subscriber parts of every length a number can have, valid in some plans and not in others.
  const SUBSCRIBERS = [
    '1',
    '12',
    '1234',
    '2345678',
    '1701234567',
    '30123456',
    '612345678',
    '900123456789',
    '99999999999999',
  ]

  it('answers as the library does, for every calling code and number length', () => {
    let checked = 0
    for (const code of Object.keys(metadata.country_calling_codes)) {
      for (const subscriber of SUBSCRIBERS) {
        const e164 = `+${code}${subscriber}`.slice(0, 16)
        assert.equal(destinationCountry(e164), countryByParsing(e164), e164)
        checked++
      }
    }
    assert.ok(checked > 1500, `${checked} numbers`)
  })

  for (const [e164, iso2] of [
    ['+491701234567', 'DE'],
    ['+12125550123', 'US'],
    ['+14165550123', 'CA'],
    ['+77011234567', 'KZ'],
    ['+79161234567', 'RU'],
    ['+80012345678', null],
  ] as const) {
    it(`${e164} → ${iso2}`, () => assert.equal(destinationCountry(e164), iso2))
  }
})
