import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mixTable, parseDlrMix, pickOutcome } from './dlr-mix.js'
import type { DlrMix, DlrOutcomeName } from './dlr-mix.js'

describe('dlr mix', () => {
  const picks: [string, DlrMix | undefined, number, DlrOutcomeName][] = [
    ['default is delivered', undefined, 0.99, 'delivered'],
    ['all zero is delivered', { expired: 0 }, 0.5, 'delivered'],
    ['only expired', { expired: 3 }, 0.999, 'expired'],
    ['weights normalised: low', { delivered: 9, rejected: 1 }, 0.89, 'delivered'],
    ['weights normalised: high', { delivered: 9, rejected: 1 }, 0.9, 'rejected'],
    ['three-way middle', { delivered: 0.5, expired: 0.25, undeliverable: 0.25 }, 0.6, 'expired'],
  ]
  for (const [name, mix, r, expected] of picks) {
    it(name, () => assert.equal(pickOutcome(mixTable(mix), r), expected))
  }

  it('parses the CLI form', () => {
    assert.deepEqual(parseDlrMix('delivered=0.9, expired=0.05,rejected=0.05'), {
      delivered: 0.9,
      expired: 0.05,
      rejected: 0.05,
    })
  })
  for (const bad of ['lost=1', 'delivered', 'delivered=x', 'delivered=-1', 'delivered=1=2']) {
    it(`rejects ${bad}`, () => assert.throws(() => parseDlrMix(bad)))
  }
})
