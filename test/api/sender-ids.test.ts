// Stored sender ids (slots 1..6, what an email-to-SMS address picks): set, replace, list, empty;
// each account sees its own; bad slots and senders are named.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

describe('sender ids', () => {
  let s: TestServer
  let other: { userId: number; token: string }
  before(async () => {
    s = await startTestServer()
    other = await s.createAccount({ name: 'Other' })
  })
  after(async () => s?.close())

  it('stores, replaces, lists and empties slots', async () => {
    const put = (slot: number, sender_id: string) =>
      s.request(`/sender-ids/${slot}`, { method: 'PUT', token: s.token, body: { sender_id } })
    assert.equal((await put(2, 'Alarm')).status, 200)
    const set = await put(1, '+491701234567')
    assert.equal(set.status, 200, set.text)
    assert.equal(set.body.slot, 1)
    assert.equal(set.body.sender_id, '+491701234567')
    assert.equal((await put(2, 'Warehouse')).body.sender_id, 'Warehouse')
    const list = await s.request('/sender-ids', { token: s.token })
    assert.deepEqual(
      list.body.map((x: any) => [x.slot, x.sender_id]),
      [
        [1, '+491701234567'],
        [2, 'Warehouse'],
      ],
    )
    assert.deepEqual((await s.request('/sender-ids', { token: other.token })).body, [])
    const gone = await s.request('/sender-ids/2', { method: 'DELETE', token: s.token })
    assert.equal(gone.status, 204)
    const again = await s.request('/sender-ids/2', { method: 'DELETE', token: s.token })
    assert.equal(again.status, 404)
    assert.equal(again.body.code, 'SENDER_ID_NOT_FOUND')
  })

  it('names a bad slot and a bad sender', async () => {
    const slot = await s.request('/sender-ids/7', {
      method: 'PUT',
      token: s.token,
      body: { sender_id: 'Alarm' },
    })
    assert.equal(slot.status, 400, slot.text)
    assert.match(slot.text, /slot/)
    const sender = await s.request('/sender-ids/3', {
      method: 'PUT',
      token: s.token,
      body: { sender_id: 'far too long a sender' },
    })
    assert.ok(sender.status === 400 || sender.status === 422, sender.text)
    assert.match(sender.text, /sender_id/)
  })
})
