import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { parseRecipientNumber, sameRecipient } from './recipient-number.js'

describe('parseRecipientNumber', () => {
  const ok: [string, string][] = [
    ['+39-3491234567', '+393491234567'],
    ['+49-1701234567', '+491701234567'],
    [' +49-1701234567 ', '+491701234567'],
    ['+1-2025550123', '+12025550123'],
  ]
  for (const [given, e164] of ok)
    it(`${given} → ${e164}`, () => {
      assert.deepEqual(parseRecipientNumber(given), { ok: true, e164 })
    })

  const bad: [string, RegExp][] = [
    ['+393491234567', /form/],
    ['39-3491234567', /form/],
    ['0039-3491234567', /form/],
    ['+39 349 1234567', /form/],
    ['+39-349-1234567', /form/],
    ['+-3491234567', /form/],
    ['', /form/],
    ['+49-17', /digits for its country/],
    ['+999-1234567', /calling code/],
  ]
  for (const [given, why] of bad)
    it(`refuses "${given}"`, () => {
      const r = parseRecipientNumber(given)
      assert.equal(r.ok, false, given)
      assert.match((r as { problem: string }).problem, why)
    })
})

describe('sameRecipient', () => {
  it('matches the number as given or as the same E.164 number', () => {
    assert.equal(sameRecipient('+39-3491234567', '+39-3491234567'), true)
    assert.equal(sameRecipient('+39-3491234567', '+393-491234567'), true)
    assert.equal(sameRecipient('+39-3491234567', '+39-3491234568'), false)
    assert.equal(sameRecipient('garbage', 'garbage'), true)
    assert.equal(sameRecipient('garbage', '+39-3491234567'), false)
  })
})
