import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  MESSAGE_STATES,
  nextStatus,
  isFinal,
  type MessageEvent,
  type MessageState,
} from './status.js'

describe('nextStatus', () => {
  const cases: [MessageState, MessageEvent, string | null][] = [
    ['scheduled', { type: 'due' }, 'queued:0'],
    ['queued', { type: 'due' }, null],
    ['queued', { type: 'claim' }, 'submitting:0'],
    ['scheduled', { type: 'claim' }, 'submitting:0'],
    ['sent', { type: 'claim' }, null],
    ['submitting', { type: 'lease_expired' }, 'queued:0'],
    ['submitting', { type: 'submit_retry' }, 'queued:0'],
    ['submitting', { type: 'submit_ok' }, 'sent:100'],
    ['submitting', { type: 'submit_failed', status: 2000 }, 'failed:2000'],
    ['queued', { type: 'submit_ok' }, null],
    ['sent', { type: 'dlr', outcome: 'delivered' }, 'delivered:100'],
    ['sent', { type: 'dlr', outcome: 'expired' }, 'expired:100'],
    ['sent', { type: 'dlr', outcome: 'rejected' }, 'rejected:100'],
    ['sent', { type: 'dlr', outcome: 'pending' }, 'sent:100'],
    // Receipts for parts an earlier attempt sent wait until the whole message is sent.
    ['submitting', { type: 'dlr', outcome: 'delivered' }, null],
    ['queued', { type: 'dlr', outcome: 'delivered' }, null],
    ['delivered', { type: 'dlr', outcome: 'rejected' }, null],
    ['queued', { type: 'expired_in_queue' }, 'expired:0'],
    ['queued', { type: 'cancel' }, 'cancelled:410'],
    ['scheduled', { type: 'cancel' }, 'cancelled:410'],
    ['submitting', { type: 'cancel' }, null],
    ['sent', { type: 'cancel' }, null],
    ['cancelled', { type: 'cancel' }, null],
  ]
  for (const [from, event, expected] of cases) {
    it(`${from} + ${JSON.stringify(event)} → ${expected}`, () => {
      const t = nextStatus(from, event)
      assert.equal(t === null ? null : `${t.state}:${t.status}`, expected)
    })
  }

  it('no transition leaves a final state', () => {
    const events: MessageEvent[] = [
      { type: 'due' },
      { type: 'claim' },
      { type: 'lease_expired' },
      { type: 'submit_ok' },
      { type: 'submit_retry' },
      { type: 'submit_failed', status: 5000 },
      { type: 'dlr', outcome: 'delivered' },
      { type: 'expired_in_queue' },
      { type: 'cancel' },
    ]
    for (const state of MESSAGE_STATES.filter(isFinal)) {
      for (const e of events) assert.equal(nextStatus(state, e), null, `${state} + ${e.type}`)
    }
  })
})
