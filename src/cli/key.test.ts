import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { keyView } from './key.js'

describe('keyView', () => {
  it('shows whether a key signs its requests, never the secret', () => {
    const key = {
      id: 3,
      accountId: 1234567,
      name: 'shop',
      type: 'seven' as const,
      hint: 'abcd',
      isActive: true,
      ipAllowlist: null,
      lastUsedAt: null,
      lastUsedIp: null,
      createdAt: 1_800_000_000,
      endpoints: ['sms' as const],
      signingSecret: 'a-long-signing-secret-0123',
    }
    const shown = keyView(key)
    assert.equal(shown.signsRequests, true)
    assert.doesNotMatch(JSON.stringify(shown), /a-long-signing-secret/)
    assert.deepEqual(shown.endpoints, ['sms'])
    assert.equal(keyView({ ...key, signingSecret: null }).signsRequests, false)
  })
})
