// The delivery history of an SMS (GET /sms/{uuid}/receipts): every change the carrier's receipts
// made to it, recorded by the DLR intake, through the real dispatcher and the simulator carrier.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { waitFor } from '../helpers/wait-for.js'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'

describe('SMS delivery history', () => {
  let s: TestServer

  before(async () => {
    s = await startTestServer({}, { delivery: true })
  })
  after(() => s?.close())

  const send = async (body: Record<string, unknown> = {}) => {
    const r = await s.request('/sms', { token: s.token, body: { ...SMS, ...body } })
    assert.equal(r.status, 201, r.text)
    return r.body.uuid as string
  }
  const settled = (uuid: string) =>
    waitFor(`${uuid} settled`, async () => {
      const r = await s.request(`/sms/${uuid}`, { token: s.token })
      return r.body.dlr_code === 1 || r.body.dlr_code === 16 ? r.body : undefined
    })
  const receipts = (uuid: string, token = s.token) => s.request(`/sms/${uuid}/receipts`, { token })

  it('records the receipt that delivered a message of one part', async () => {
    const uuid = await send()
    await settled(uuid)
    const r = await receipts(uuid)
    assert.equal(r.status, 200, r.text)
    assert.equal(r.body['@id'], `/sms/${uuid}/receipts`)
    assert.equal(r.body.uuid, uuid)
    assert.equal(r.body.receipts.length, 1, r.text)
    const [d] = r.body.receipts
    assert.equal(d.status, 'delivered')
    assert.equal(d.dlr_code, 1)
    assert.equal(d.status_code, 100)
    assert.equal(d.error, null)
    assert.equal(d.received_at, s.clock.nowS())
  })

  it('records each change of a message of two parts: one part delivered, then both', async () => {
    const uuid = await send({ text: 'b'.repeat(200) })
    await settled(uuid)
    const r = await receipts(uuid)
    assert.deepEqual(
      r.body.receipts.map((x: { status: string; dlr_code: number }) => [x.status, x.dlr_code]),
      [
        ['sent', 2],
        ['delivered', 1],
      ],
    )
  })

  it('records a rejection', async () => {
    const put = await s.admin('/admin/connectors/simulator', {
      method: 'PUT',
      body: { kind: 'simulator', config: { mix: { rejected: 1 }, dlrDelayMs: 0 } },
    })
    assert.equal(put.status, 200, put.text)
    try {
      const uuid = await waitFor('a rejected message', async () => {
        const u = await send()
        const b = await settled(u)
        return b.dlr_code === 16 ? u : undefined
      })
      const r = await receipts(uuid)
      assert.deepEqual(
        r.body.receipts.map((x: { status: string; dlr_code: number }) => [x.status, x.dlr_code]),
        [['rejected', 16]],
      )
    } finally {
      await s.admin('/admin/connectors/simulator', {
        method: 'PUT',
        body: { kind: 'simulator', config: {} },
      })
    }
  })

  it('has an empty history before any receipt', async () => {
    const uuid = await send({ delivery_at: s.clock.nowS() + 3600 })
    const r = await receipts(uuid)
    assert.equal(r.status, 200, r.text)
    assert.deepEqual(r.body.receipts, [])
  })

  it("answers 404 for another account's SMS and an unknown one", async () => {
    const uuid = await send({ delivery_at: s.clock.nowS() + 3600 })
    const other = await s.createAccount()
    const r = await receipts(uuid, other.token)
    assert.equal(r.status, 404, r.text)
    assert.equal(r.body.code, 'SMS_NOT_FOUND')
    const unknown = await receipts('00000000-0000-7000-8000-000000000000')
    assert.equal(unknown.status, 404)
  })
})
