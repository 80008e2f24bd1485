import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { envelope, envelopeJson } from './envelope.js'

const row = {
  event_id: '0190c3a1-0000-7000-8000-000000000001',
  name: 'sms.delivery',
  created_at: 1_700_000_000,
  attempt_total: 3,
  task_id: '0190c3a1-0000-7000-8000-00000000000a',
}

// The spliced JSON must be exactly what stringifying the envelope gives, key order included:
// receivers verify the signature over these bytes.
describe('event envelope as JSON', () => {
  // Stored data is written by JSON.stringify (events/outbox.ts), as these are.
  const cases: [string, string][] = [
    [
      'an object',
      JSON.stringify({ id: 'x', dlr_code: 1, callback_data: 'a "quoted" ref', key_id: null }),
    ],
    ['unicode and escapes', JSON.stringify({ text: 'Grüße 👋\n\u2028\u0007', n: -1.5e-7 })],
    ['nested and empty', JSON.stringify({ a: { b: [1, {}, []] }, 2: 'numeric key', c: '' })],
    ['null', JSON.stringify(null)],
    ['an array', JSON.stringify([1, 'two', null])],
  ]
  for (const [what, data] of cases) {
    it(`splices ${what} as JSON.stringify would`, () => {
      for (const attempt of [1, 3]) {
        const spliced = envelopeJson({ ...row, data }, attempt)
        assert.equal(spliced, JSON.stringify(envelope({ ...row, data }, attempt)))
        assert.deepEqual(JSON.parse(spliced), {
          id: row.event_id,
          api_version: envelope({ ...row, data }, attempt).api_version,
          name: 'sms.delivery',
          created_at: 1_700_000_000,
          attempt_total: 3,
          attempt_number: attempt,
          data: JSON.parse(data),
          notification_task_id: row.task_id,
        })
      }
    })
  }

  it('reads created_at stored as text (PostgreSQL bigint) as a number', () => {
    const body = envelopeJson(
      { ...row, created_at: '1700000000' as unknown as number, data: '{}' },
      1,
    )
    assert.equal(JSON.parse(body).created_at, 1_700_000_000)
  })
})
