import { after, before, beforeEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'

describe('SMS cancel and delete', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer()
  })
  after(() => s.close())

  const send = async (body: object = {}, token = s.token) => {
    const r = await s.request('/sms', { token, body: { ...SMS, ...body } })
    assert.equal(r.status, 201, r.text)
    return r.body.uuid as string
  }
  const balance = async (token = s.token) => (await s.request('/me', { token })).body.balance_amount
  const get = (uuid: string, token = s.token) => s.request(`/sms/${uuid}`, { token })
  /** Stands in for the dispatcher (a later component): marks a message as handed to the carrier. */
  const markSent = (uuid: string) =>
    s.ctx.deps.db
      .updateTable('sms')
      .set({ state: 'sent', status_code: 100, is_sent: 1, gateway_sent_at: s.clock.nowS() })
      .where('uuid', '=', uuid)
      .execute()

  beforeEach(async () => {
    await s.request('/sms/ops/batch_delete', { token: s.token, method: 'POST' })
  })

  it('GET /sms/{uuid} answers 404 for unknown and malformed ids', async () => {
    for (const id of ['01a20183-3dbd-7000-995c-862c9cb3017c', 'not-a-uuid']) {
      const r = await get(id)
      assert.equal(r.status, 404)
      assert.equal(r.body.code, 'SMS_NOT_FOUND')
    }
  })

  it('batch_cancel stops unsent messages, refunds them and keeps them listed', async () => {
    const start = await balance()
    const a = await send({ callback_data: 'c1' })
    const b = await send({ callback_data: 'c1', delivery_at: s.clock.nowS() + 600 })
    const c = await send({ callback_data: 'c2' })
    const sent = await send({ callback_data: 'c1' })
    await markSent(sent)
    // The official client sends Content-Type: application/json with no body.
    const r = await s.request('/sms/ops/batch_cancel?callback_data=c1', {
      token: s.token,
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    })
    assert.equal(r.status, 200)
    assert.deepEqual(r.body, { deleted_sms_count: 2 })
    for (const id of [a, b]) {
      const m = (await get(id)).body
      assert.equal(m.status_code, 410)
      assert.equal(m.is_sent, false)
    }
    assert.equal((await get(c)).body.status_code, 0)
    assert.equal((await get(sent)).body.status_code, 100)
    assert.equal(await balance(), Number((start - 2 * 0.075).toFixed(6)))
    const again = await s.request('/sms/ops/batch_cancel?callback_data=c1', {
      token: s.token,
      method: 'POST',
    })
    assert.deepEqual(again.body, { deleted_sms_count: 0 }, 'cancelling twice refunds once')
    assert.equal(await balance(), Number((start - 2 * 0.075).toFixed(6)))
    const listed = await s.request('/sms?status_code=410', { token: s.token })
    assert.deepEqual(
      listed.body['hydra:member'].map((m: { uuid: string }) => m.uuid).sort(),
      [a, b].sort(),
    )
  })

  it('blanks the text of a cancelled message that asked for text deletion', async () => {
    const secret = await send({
      text: 'Your code is 1234',
      is_text_deleted: true,
      callback_data: 'tx',
    })
    const kept = await send({ text: 'Keep me', callback_data: 'tx' })
    assert.equal((await get(secret)).body.text, 'Your code is 1234', 'kept until a final state')
    await s.request('/sms/ops/batch_cancel?callback_data=tx', { token: s.token, method: 'POST' })
    assert.equal((await get(secret)).body.text, '')
    assert.equal((await get(kept)).body.text, 'Keep me')
  })

  it('batch_cancel without filters cancels every unsent message', async () => {
    await send()
    await send()
    const r = await s.request('/sms/ops/batch_cancel', { token: s.token, method: 'POST' })
    assert.deepEqual(r.body, { deleted_sms_count: 2 })
  })

  it('batch ops reject malformed filters with 400 and change nothing', async () => {
    const a = await send()
    const r = await s.request('/sms/ops/batch_delete?created_at[gte]=yesterday', {
      token: s.token,
      method: 'POST',
    })
    assert.equal(r.status, 400)
    assert.match(r.body['hydra:description'], /created_at\[gte\]/)
    assert.equal((await get(a)).status, 200)
  })

  it('batch_delete removes matching messages and refunds only unsent ones', async () => {
    const start = await balance()
    const keep = await send({ phone: '+436641234567' })
    const unsent = await send()
    const sent = await send()
    await markSent(sent)
    const r = await s.request('/sms/ops/batch_delete?iso2[]=DE&iso2[]=CH', {
      token: s.token,
      method: 'POST',
    })
    assert.deepEqual(r.body, { deleted_sms_count: 2 })
    assert.equal((await get(unsent)).status, 404)
    assert.equal((await get(sent)).status, 404)
    assert.equal((await get(keep)).status, 200)
    assert.equal(await balance(), Number((start - 2 * 0.075).toFixed(6)))
  })

  it('DELETE /sms/{uuid} answers 204 with no body, refunds an unsent message, then 404', async () => {
    const start = await balance()
    const id = await send()
    const r = await s.request(`/sms/${id}`, { token: s.token, method: 'DELETE' })
    assert.equal(r.status, 204)
    assert.equal(r.text, '')
    assert.equal(await balance(), start)
    assert.equal((await get(id)).status, 404)
    assert.equal((await s.request(`/sms/${id}`, { token: s.token, method: 'DELETE' })).status, 404)
    // The official client sends Content-Type: application/json on DELETE too.
    const id2 = await send()
    const withType = await s.request(`/sms/${id2}`, {
      token: s.token,
      method: 'DELETE',
      headers: { 'Content-Type': 'application/json' },
    })
    assert.equal(withType.status, 204)
  })
})

describe('tenant isolation', () => {
  let s: TestServer
  let b: { userId: number; token: string }
  let mine: string[]
  before(async () => {
    s = await startTestServer()
    b = await s.createAccount()
    mine = []
    for (const cb of ['shared', 'shared', 'a-only']) {
      const r = await s.request('/sms', { token: s.token, body: { ...SMS, callback_data: cb } })
      mine.push(r.body.uuid)
    }
    await s.request('/sms', { token: b.token, body: { ...SMS, callback_data: 'shared' } })
  })
  after(() => s.close())

  const stateOfMine = async () =>
    (await s.request('/sms?_order[created_at]=asc', { token: s.token })).body['hydra:member'].map(
      (m: { uuid: string; status_code: number }) => `${m.uuid}:${m.status_code}`,
    )

  it("B can neither read nor delete A's messages by id", async () => {
    for (const id of mine) {
      assert.equal((await s.request(`/sms/${id}`, { token: b.token })).status, 404)
      assert.equal(
        (await s.request(`/sms/${id}`, { token: b.token, method: 'DELETE' })).status,
        404,
      )
    }
  })

  it("B's filters and batch ops never reach A's messages", async () => {
    const before = await stateOfMine()
    const queries = [
      `uuid=${mine[0]}`,
      `uuid[]=${mine[0]}&uuid[]=${mine[1]}`,
      'callback_data=shared',
      'callback_data=a-only',
      `key_id=1`,
      'phone=4917',
      '',
    ]
    for (const q of queries) {
      const list = await s.request(`/sms?${q}`, { token: b.token })
      assert.equal(list.status, 200)
      for (const m of list.body['hydra:member']) assert.ok(!mine.includes(m.uuid), q)
      assert.ok(list.body['hydra:totalItems'] <= 1, q)
    }
    const cancel = await s.request(`/sms/ops/batch_cancel?uuid[]=${mine[0]}&uuid[]=${mine[1]}`, {
      token: b.token,
      method: 'POST',
    })
    assert.deepEqual(cancel.body, { deleted_sms_count: 0 })
    const del = await s.request('/sms/ops/batch_delete?callback_data=a-only', {
      token: b.token,
      method: 'POST',
    })
    assert.deepEqual(del.body, { deleted_sms_count: 0 })
    assert.deepEqual(await stateOfMine(), before)
    // B's own unfiltered batch_delete takes only B's one message.
    const own = await s.request('/sms/ops/batch_delete', { token: b.token, method: 'POST' })
    assert.deepEqual(own.body, { deleted_sms_count: 1 })
    assert.deepEqual(await stateOfMine(), before)
  })
})
