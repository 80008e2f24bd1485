import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { pickRepliedMessage, sameAddress } from './reply-match.js'

describe('sameAddress', () => {
  const cases: [string, string, boolean][] = [
    ['+4915112345678', '+4915112345678', true],
    ['4915112345678', '+4915112345678', true],
    ['004915112345678', '+4915112345678', true],
    ['+49 151 1234-5678', '4915112345678', true],
    ['+4915112345678', '+4915112345679', false],
    ['Shop', 'shop', true],
    [' Shop ', 'SHOP', true],
    ['Shop', 'Shop2', false],
    ['Shop', '+4915112345678', false],
    ['', '', false],
  ]
  for (const [a, b, expected] of cases) {
    it(`${a} vs ${b} → ${expected}`, () => assert.equal(sameAddress(a, b), expected))
  }
})

describe('pickRepliedMessage', () => {
  const newest = { uuid: 'n', sender_id: 'Shop' }
  const fromNumber = { uuid: 'm', sender_id: '+4930123456' }
  const older = { uuid: 'o', sender_id: '4930123456' }
  const cases: [string, Parameters<typeof pickRepliedMessage>, string | null][] = [
    ['no candidates', [[], '+4930123456', false], null],
    ['no candidates, inbound number', [[], '+4930123456', true], null],
    ['sender match beats a newer message', [[newest, fromNumber], '+4930123456', false], 'm'],
    ['the newest sender match wins', [[fromNumber, older], '+4930123456', true], 'm'],
    ['sender written without +', [[newest, older], '+4930123456', true], 'o'],
    ['shared number: the newest message', [[newest, fromNumber], '+4917000000', false], 'n'],
    ['inbound number without a sender match', [[newest], '+4917000000', true], null],
  ]
  for (const [name, args, expected] of cases) {
    it(name, () => assert.equal(pickRepliedMessage(...args), expected))
  }
})
