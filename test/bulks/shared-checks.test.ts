import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

// A single SMS and a bulk go through the same checks of service and send time: the same
// request fields get the same answer on both.
describe('single and bulk sends share their checks', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer()
  })
  after(() => s.close())

  const violations = async (path: string, body: Record<string, unknown>) => {
    const r = await s.request(path, { token: s.token, body })
    assert.equal(r.status, 422, r.text)
    return (r.body.violations as { propertyPath: string; message: string }[])
      .filter((v) => v.propertyPath === 'service_code' || v.propertyPath === 'delivery_at')
      .map((v) => `${v.propertyPath}: ${v.message}`)
      .sort()
  }
  const single = { phone: '+4915112345678', sender_id: 'Taube', text: 'Hello' }
  const bulk = { phones: ['+4915112345678'], sender_id: 'Taube', text: 'Hello' }

  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      'an unknown service',
      { service_code: 'express' },
      /^service_code: unknown service code "express"$/,
    ],
    [
      'a service the account lacks',
      { service_code: 'text2speech' },
      /^service_code: service "text2speech" is not enabled for this account \(enabled: .+\)$/,
    ],
    [
      'a send time too far ahead',
      { delivery_at: 9_999_999_999 },
      /^delivery_at: must be a unix time in seconds at most 365 days ahead$/,
    ],
  ]
  for (const [name, extra, expected] of cases) {
    it(name, async () => {
      const one = await violations('/sms', { ...single, ...extra })
      const many = await violations('/bulks', { ...bulk, ...extra })
      assert.equal(one.length, 1)
      assert.match(one[0]!, expected)
      assert.deepEqual(many, one)
    })
  }
})
