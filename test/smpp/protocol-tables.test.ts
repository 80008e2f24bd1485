// The pure tables restate protocol facts the domain may not import; these checks keep them equal
// to their sources: the `smpp` package's defs and the connector contract.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import smpp from 'smpp'
import type { ReceiptState as ContractState } from '../../src/delivery/connectors/connector.js'
import { MESSAGE_STATE_NUMBERS, RECEIPT_STATES } from '../../src/domain/dlr/receipt-state.js'
import type { ReceiptState } from '../../src/domain/dlr/receipt-state.js'
import { SMPP_RETRY, SMPP_STATUS } from '../../src/domain/dlr/smpp-errors.js'

// Compile-time: each state type is assignable to the other.
const _toContract = (s: ReceiptState): ContractState => s
const _toDomain = (s: ContractState): ReceiptState => s

describe('protocol tables against their sources', () => {
  it('SMPP_STATUS equals the package error codes', () => {
    assert.deepEqual(SMPP_STATUS, smpp.errors)
  })

  it('SMPP_RETRY has a rule for every error the package knows', () => {
    const names = Object.keys(smpp.errors).filter((n) => n !== 'ESME_ROK')
    assert.deepEqual(Object.keys(SMPP_RETRY).sort(), names.sort())
  })

  it('message_state numbers equal the package constants', () => {
    const consts = (smpp as unknown as { consts: { MESSAGE_STATE: Record<string, number> } }).consts
      .MESSAGE_STATE
    const byName: Record<ReceiptState, string> = {
      ENROUTE: 'ENROUTE',
      DELIVRD: 'DELIVERED',
      EXPIRED: 'EXPIRED',
      DELETED: 'DELETED',
      UNDELIV: 'UNDELIVERABLE',
      ACCEPTD: 'ACCEPTED',
      UNKNOWN: 'UNKNOWN',
      REJECTD: 'REJECTED',
    }
    for (const state of RECEIPT_STATES)
      assert.equal(MESSAGE_STATE_NUMBERS[state], consts[byName[state]], state)
  })
})
