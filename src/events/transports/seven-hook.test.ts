import assert from 'node:assert/strict'
import { createHash, createHmac } from 'node:crypto'
import { describe, it } from 'node:test'
import {
  parseHookHeaders,
  sevenHookRequest,
  signHookRequest,
  type SevenHookDelivery,
} from './seven-hook.js'

const payload = {
  webhook_event: 'dlr' as const,
  webhook_timestamp: '2021-08-24T08:08:00+00:00',
  data: { msg_id: '77149843739', status: 'DELIVERED', foreign_id: null },
}
const delivery = (method: SevenHookDelivery['method'], headers = ''): SevenHookDelivery => ({
  method,
  headers,
  keyId: null,
  payload,
})

describe('sevenHookRequest', () => {
  it('JSON: a POST of the payload as JSON', () => {
    const r = sevenHookRequest('https://example.com/h', delivery('JSON'))
    assert.equal(r.method, 'POST')
    assert.equal(r.contentType, 'application/json')
    assert.deepEqual(JSON.parse(r.body!), payload)
  })

  it('POST: a form with the nested fields as data[…], null as empty', () => {
    const r = sevenHookRequest('https://example.com/h', delivery('POST'))
    assert.equal(r.contentType, 'application/x-www-form-urlencoded')
    assert.equal(
      r.body,
      'webhook_event=dlr&webhook_timestamp=2021-08-24T08%3A08%3A00%2B00%3A00' +
        '&data%5Bmsg_id%5D=77149843739&data%5Bstatus%5D=DELIVERED&data%5Bforeign_id%5D=',
    )
  })

  it("GET: the form's fields after the target's own query", () => {
    const r = sevenHookRequest('https://example.com/h?token=abc', delivery('GET'))
    assert.equal(r.method, 'GET')
    assert.equal(r.body, null)
    const url = new URL(r.url)
    assert.equal(url.searchParams.get('token'), 'abc')
    assert.equal(url.searchParams.get('data[status]'), 'DELIVERED')
  })

  it("sends the hook's own header lines", () => {
    const r = sevenHookRequest('https://example.com/h', delivery('JSON', 'X-A: 1\r\nX-B:  two '))
    assert.deepEqual(r.headers, { 'x-a': '1', 'x-b': 'two' })
  })
})

describe('parseHookHeaders', () => {
  it('refuses what is no header line, or a header the gateway sets', () => {
    assert.match(parseHookHeaders('no colon') as string, /is not a header line/)
    assert.match(parseHookHeaders('Bad Name: x') as string, /is not a header line/)
    assert.equal(parseHookHeaders('Content-Type: text/html'), 'Content-Type is set by the gateway')
    assert.equal(parseHookHeaders('X-Signature: forged'), 'X-Signature is set by the gateway')
    const eleven = Array.from({ length: 11 }, (_, i) => `X-${i}: v`).join('\n')
    assert.equal(parseHookHeaders(eleven), 'at most 10 headers')
    assert.deepEqual(parseHookHeaders(''), {})
  })
})

describe('signHookRequest', () => {
  it("signs timestamp, nonce, method, URL and the body's MD5, as seven.io does", () => {
    const r = sevenHookRequest('https://example.com/h', delivery('JSON'))
    const h = signHookRequest(r, 'secret', 1700000000, 'n'.repeat(32))
    const md5 = createHash('md5').update(r.body!).digest('hex')
    const text = ['1700000000', 'n'.repeat(32), 'POST', 'https://example.com/h', md5].join('\n')
    assert.deepEqual(h, {
      'x-timestamp': '1700000000',
      'x-nonce': 'n'.repeat(32),
      'x-signature': createHmac('sha256', 'secret').update(text).digest('hex'),
    })
  })
})
