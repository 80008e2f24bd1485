import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SENDER_ID_PATTERN, classifySenderId } from './sender-id.js'
import type { SenderIdKind } from './sender-id.js'

describe('classifySenderId', () => {
  const cases: [string, SenderIdKind | null][] = [
    ['+491701234567', 'numeric'],
    ['491701234567', 'numeric'],
    ['+123456789012345', 'numeric'],
    ['123456789012345', 'numeric'],
    ['12345', 'numeric'],
    ['1', 'numeric'],
    ['0800123', 'numeric'], // matches only the alphanumeric branch, but is digits only
    ['01234567890', 'numeric'],
    ['LOX24', 'alphanumeric'],
    ['My Shop 24', 'alphanumeric'],
    ['ABCDEFGHIJK', 'alphanumeric'],
    ['0800 SHOP', 'alphanumeric'],
    ['', null],
    ['ABCDEFGHIJKL', null], // 12 characters
    ['+1234567890123456', null], // 16 digits
    ['012345678901', null], // leading zero and over 11 characters
    ['+0123', null],
    ['+LOX24', null],
    ['Müller', null],
    ['Shop-24', null],
    ['Shop!', null],
    ['LOX24\n', null],
  ]
  for (const [input, kind] of cases) {
    it(`${JSON.stringify(input)} is ${kind ?? 'invalid'}`, () => {
      assert.equal(classifySenderId(input), kind)
    })
  }

  it('exports the spec regex verbatim', () => {
    assert.equal(SENDER_ID_PATTERN, String.raw`^(\+?[1-9]\d{0,14}|[a-zA-Z0-9 ]{1,11})$`)
  })
})
