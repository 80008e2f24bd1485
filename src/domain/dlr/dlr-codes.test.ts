import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DLR_CODES, isFinalState, rollUp } from './dlr-codes.js'
import type { RolledUp } from './dlr-codes.js'
import {
  MESSAGE_STATE_NUMBERS,
  RECEIPT_STATES,
  receiptStateFromNumber,
  receiptStateFromStat,
} from './receipt-state.js'
import type { ReceiptState } from './receipt-state.js'

describe('DLR_CODES (spec §15.1)', () => {
  const expected: [ReceiptState, number, string][] = [
    ['DELIVRD', 1, 'delivered'],
    ['EXPIRED', 8, 'expired'],
    ['DELETED', 16, 'rejected'],
    ['UNDELIV', 16, 'rejected'],
    ['REJECTD', 16, 'rejected'],
    ['ACCEPTD', 4, 'pending'],
    ['ENROUTE', 2, 'pending'],
    ['UNKNOWN', 2, 'pending'],
  ]
  it('covers every state', () => {
    assert.deepEqual(Object.keys(DLR_CODES).sort(), [...RECEIPT_STATES].sort())
    assert.equal(expected.length, RECEIPT_STATES.length)
  })
  for (const [state, dlrCode, outcome] of expected) {
    it(`${state} → dlr_code ${dlrCode}, ${outcome}`, () => {
      assert.deepEqual(DLR_CODES[state], { dlrCode, outcome })
      assert.equal(isFinalState(state), outcome !== 'pending')
    })
  }
})

describe('message_state TLV numbers (SMPP 3.4 §5.2.28)', () => {
  const expected: [number, ReceiptState | null][] = [
    [0, null], // SCHEDULED (SMPP 5)
    [1, 'ENROUTE'],
    [2, 'DELIVRD'],
    [3, 'EXPIRED'],
    [4, 'DELETED'],
    [5, 'UNDELIV'],
    [6, 'ACCEPTD'],
    [7, 'UNKNOWN'],
    [8, 'REJECTD'],
    [9, null], // SKIPPED (SMPP 5)
    [255, null],
  ]
  for (const [value, state] of expected) {
    it(`${value} ↔ ${state}`, () => {
      assert.equal(receiptStateFromNumber(value), state)
      if (state) assert.equal(MESSAGE_STATE_NUMBERS[state], value)
    })
  }
})

describe('receiptStateFromStat', () => {
  const cases: [string, ReceiptState | null][] = [
    ...RECEIPT_STATES.map((s): [string, ReceiptState] => [s, s]),
    ...RECEIPT_STATES.map((s): [string, ReceiptState] => [s.toLowerCase(), s]),
    ['DELIVERED', 'DELIVRD'],
    ['Undeliverable', 'UNDELIV'],
    ['REJECTED', 'REJECTD'],
    ['ACCEPTED', 'ACCEPTD'],
    ['EN-ROUTE', 'ENROUTE'],
    ['', null],
    ['OK', null],
  ]
  for (const [stat, state] of cases) {
    it(`${JSON.stringify(stat)} → ${state}`, () => assert.equal(receiptStateFromStat(stat), state))
  }
})

describe('rollUp: explicit cases', () => {
  const cases: [string, (ReceiptState | null)[], RolledUp][] = [
    ['no parts', [], { state: null, final: false }],
    ['nothing reported', [null, null], { state: null, final: false }],
    ['single delivered', ['DELIVRD'], { state: 'DELIVRD', final: true }],
    ['all delivered', ['DELIVRD', 'DELIVRD', 'DELIVRD'], { state: 'DELIVRD', final: true }],
    ['one delivered, one missing', ['DELIVRD', null], { state: 'ENROUTE', final: false }],
    ['second part first', [null, 'DELIVRD'], { state: 'ENROUTE', final: false }],
    ['one pending', ['DELIVRD', 'ACCEPTD'], { state: 'ACCEPTD', final: false }],
    ['failure known early still waits', ['REJECTD', null], { state: 'ENROUTE', final: false }],
    [
      'first pending state in part order',
      ['UNKNOWN', 'ENROUTE'],
      { state: 'UNKNOWN', final: false },
    ],
    ['expired beats delivered', ['DELIVRD', 'EXPIRED'], { state: 'EXPIRED', final: true }],
    [
      'rejected beats expired',
      ['EXPIRED', 'REJECTD', 'DELIVRD'],
      { state: 'REJECTD', final: true },
    ],
    ['undeliverable beats expired', ['UNDELIV', 'EXPIRED'], { state: 'UNDELIV', final: true }],
    ['deleted beats expired', ['EXPIRED', 'DELETED'], { state: 'DELETED', final: true }],
    ['rejected beats undeliverable', ['UNDELIV', 'REJECTD'], { state: 'REJECTD', final: true }],
  ]
  for (const [name, parts, expected] of cases) {
    it(name, () => assert.deepEqual(rollUp(parts), expected))
  }
})

describe('rollUp: every combination of up to three parts', () => {
  const values: (ReceiptState | null)[] = [null, ...RECEIPT_STATES]
  const FINAL = new Set<ReceiptState>(['DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'REJECTD'])
  // Independent of the implementation: outcome groups ranked by how bad they are.
  const rank = (s: ReceiptState) => (s === 'DELIVRD' ? 0 : s === 'EXPIRED' ? 1 : 2)
  const combos: (ReceiptState | null)[][] = []
  for (const a of values) {
    combos.push([a])
    for (const b of values) {
      combos.push([a, b])
      for (const c of values) combos.push([a, b, c])
    }
  }
  it(`holds the rules for ${combos.length} combinations`, () => {
    for (const parts of combos) {
      const { state, final } = rollUp(parts)
      const label = JSON.stringify(parts)
      const allFinal = parts.every((p) => p !== null && FINAL.has(p))
      assert.equal(final, allFinal, `final ${label}`)
      assert.equal(
        state === 'DELIVRD' && final,
        parts.every((p) => p === 'DELIVRD'),
        `delivered iff all parts are ${label}`,
      )
      if (final) {
        const worst = Math.max(...parts.map((p) => rank(p!)))
        assert.equal(rank(state!), worst, `worst outcome wins ${label}`)
        assert.ok(parts.includes(state), `state comes from a part ${label}`)
        const reversed = rollUp([...parts].reverse())
        assert.equal(reversed.state, state, `order does not matter ${label}`)
      } else {
        assert.ok(state === null || !FINAL.has(state), `pending state ${label}`)
        assert.equal(
          state === null,
          parts.every((p) => p === null),
          `null only before any report ${label}`,
        )
      }
    }
  })
})
