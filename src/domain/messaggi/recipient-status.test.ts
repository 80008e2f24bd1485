import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  messageStatus,
  recipientStatus,
  type MessageStatus,
  type RecipientFacts,
  type RecipientStatus,
} from './recipient-status.js'

const base: RecipientFacts = {
  valid: true,
  problem: null,
  test: false,
  cancelled: false,
  state: null,
}

describe('recipientStatus', () => {
  const cases: [string, Partial<RecipientFacts>, RecipientStatus][] = [
    ['invalid number', { valid: false }, 'invalid'],
    ['invalid beats test', { valid: false, test: true }, 'invalid'],
    ['test message', { test: true }, 'test'],
    ['open transaction', {}, 'pending'],
    ['refused by the gateway', { problem: 'Insufficient funds' }, 'refused'],
    ['cancelled before it was sent', { cancelled: true }, 'cancelled'],
    ['scheduled', { state: 'scheduled' }, 'scheduled'],
    ['queued', { state: 'queued' }, 'queued'],
    ['with a dispatcher', { state: 'submitting' }, 'sending'],
    ['sent, no receipt yet', { state: 'sent' }, 'sent'],
    ['delivered', { state: 'delivered' }, 'delivered'],
    ['expired', { state: 'expired' }, 'expired'],
    ['rejected', { state: 'rejected' }, 'rejected'],
    ['failed', { state: 'failed' }, 'failed'],
    ['its message cancelled', { state: 'cancelled', cancelled: true }, 'cancelled'],
    ['sent before the message was deleted', { state: 'delivered', cancelled: true }, 'delivered'],
  ]
  for (const [name, facts, out] of cases)
    it(name, () => {
      assert.equal(recipientStatus({ ...base, ...facts }), out)
    })
})

describe('messageStatus', () => {
  const plain = { transactionOpen: false, test: false, cancelled: false }
  const cases: [string, Partial<typeof plain>, RecipientStatus[], MessageStatus][] = [
    ['an open transaction', { transactionOpen: true }, ['pending'], 'transaction'],
    ['a test', { test: true }, ['test'], 'test'],
    ['deleted', { cancelled: true }, ['cancelled', 'delivered'], 'cancelled'],
    ['all waiting', {}, ['queued', 'scheduled'], 'queued'],
    ['waiting beside an invalid one', {}, ['queued', 'invalid'], 'queued'],
    ['one on its way', {}, ['queued', 'sent'], 'sending'],
    ['all final', {}, ['delivered', 'invalid', 'expired'], 'done'],
    ['only invalid recipients', {}, ['invalid'], 'done'],
    ['no recipients', {}, [], 'done'],
  ]
  for (const [name, m, rs, out] of cases)
    it(name, () => {
      assert.equal(messageStatus({ ...plain, ...m }, rs), out)
    })
})
