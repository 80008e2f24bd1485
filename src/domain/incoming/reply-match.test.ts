import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { attributeReply, pickRepliedMessage, sameAddress } from './reply-match.js'

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

describe('attributeReply', () => {
  const A = 1
  const B = 2
  const owners = new Map([
    ['4930111', new Set([A])],
    ['4930222', new Set([A, B])],
  ])
  const sent = (uuid: string, account_id: number, sender_id: string) => ({
    uuid,
    account_id,
    sender_id,
  })
  const cases: [
    string,
    Parameters<typeof attributeReply>[0],
    string,
    { accountId: number | null; msgUuid: string | null },
  ][] = [
    [
      'the owner’s SMS from its number',
      [sent('b', B, '4930111'), sent('a', A, '+4930111')],
      '+4930111',
      { accountId: A, msgUuid: 'a' },
    ],
    [
      'another account sent from the number alone: the owner, unlinked',
      [sent('b', B, '+4930111')],
      '+4930111',
      { accountId: A, msgUuid: null },
    ],
    ['no SMS at all: the only owner', [], '4930111', { accountId: A, msgUuid: null }],
    [
      'two owners, the newest of theirs',
      [sent('x', 3, '4930222'), sent('b', B, '4930222'), sent('a', A, '4930222')],
      '+4930222',
      { accountId: B, msgUuid: 'b' },
    ],
    [
      'two owners and neither wrote: nobody',
      [sent('x', 3, '4930222')],
      '+4930222',
      { accountId: null, msgUuid: null },
    ],
    [
      'a number nobody owns that an SMS came from: nobody',
      [sent('b', B, '4930333'), sent('a', A, 'Shop')],
      '+4930333',
      { accountId: null, msgUuid: null },
    ],
    [
      'shared number: the newest SMS from a name',
      [sent('a', A, 'Shop'), sent('c', 3, 'Other')],
      '+4917000',
      { accountId: A, msgUuid: 'a' },
    ],
    [
      'shared number: an unowned sender number attracts nothing',
      [sent('b', B, '4930333'), sent('a', A, 'Shop')],
      '+4917000',
      { accountId: A, msgUuid: 'a' },
    ],
    [
      'shared number: an owned sender number does',
      [sent('a', A, '4930111'), sent('c', 3, 'Shop')],
      '+4917000',
      { accountId: A, msgUuid: 'a' },
    ],
    [
      'shared number: someone else’s number does not',
      [sent('b', B, '4930111')],
      '+4917000',
      { accountId: null, msgUuid: null },
    ],
    [
      'a name replied to: that name’s SMS',
      [sent('c', 3, 'Other'), sent('a', A, 'Shop')],
      'shop',
      { accountId: A, msgUuid: 'a' },
    ],
    ['nothing sent', [], '+4917000', { accountId: null, msgUuid: null }],
  ]
  for (const [name, candidates, to, expected] of cases) {
    it(name, () => assert.deepEqual(attributeReply(candidates, to, owners), expected))
  }
})
