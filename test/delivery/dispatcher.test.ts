import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

describe('delivery through the built-in simulator', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer({}, { delivery: { idleMs: 20 } })
  })
  after(() => s.close())

  const send = async (body: object = {}, token = s.token) => {
    const r = await s.request('/sms', { token, body: { ...SMS, ...body } })
    assert.equal(r.status, 201, r.text)
    return r.body.uuid as string
  }
  const get = async (uuid: string) => (await s.request(`/sms/${uuid}`, { token: s.token })).body
  const delivered = (uuid: string) =>
    waitFor(`${uuid} delivered`, async () => {
      const m = await get(uuid)
      return m.dlr_code === 1 ? m : undefined
    })
  const balance = async (token = s.token) => (await s.request('/me', { token })).body.balance_amount

  it('a fresh install sends and delivers: dlr_code 1, status 100, is_sent', async () => {
    const uuid = await send({ callback_data: 'abc-123' })
    const m = await delivered(uuid)
    assert.equal(m.status_code, 100)
    assert.equal(m.is_sent, true)
    assert.equal(m.gateway_sent_at, s.clock.nowS())
    assert.equal(m.callback_data, 'abc-123')
    const row = await s.ctx.deps.db
      .selectFrom('sms')
      .selectAll()
      .where('uuid', '=', uuid)
      .executeTakeFirstOrThrow()
    assert.equal(row.state, 'delivered')
    assert.equal(row.connector_id, 'simulator')
    assert.ok(row.route_id !== null, 'the routing decision is recorded')
  })

  it('reports a long message delivered only when every part is', async () => {
    const uuid = await send({ text: 'a'.repeat(400) })
    const m = await delivered(uuid)
    assert.equal(m.parts_count, 3)
    const parts = await s.ctx.deps.db
      .selectFrom('sms_parts')
      .selectAll()
      .where('sms_uuid', '=', uuid)
      .execute()
    assert.equal(parts.length, 3)
    assert.ok(parts.every((p) => p.receipt_state === 'DELIVRD'))
  })

  it('blanks the text of a delivered message that asked for it', async () => {
    const uuid = await send({ text: 'code 9876', is_text_deleted: true })
    assert.equal((await delivered(uuid)).text, '')
  })

  it('holds a scheduled message until its delivery_at', async () => {
    const at = s.clock.nowS() + 3600
    const uuid = await send({ delivery_at: at })
    const other = await send()
    await delivered(other) // the dispatcher has had its chance
    const m = await get(uuid)
    assert.equal(m.is_sent, false)
    assert.equal(m.status_code, 0)
    s.clock.advance(3600 * 1000)
    s.ctx.deps.queued.notify()
    await delivered(uuid)
  })

  it('batch_cancel stops queued messages before the dispatcher takes them', async () => {
    const at = s.clock.nowS() + 600
    const ids = [
      await send({ delivery_at: at, callback_data: 'later' }),
      await send({ delivery_at: at, callback_data: 'later' }),
    ]
    const r = await s.request('/sms/ops/batch_cancel?callback_data=later', {
      token: s.token,
      method: 'POST',
    })
    assert.deepEqual(r.body, { deleted_sms_count: 2 })
    s.clock.advance(600 * 1000)
    s.ctx.deps.queued.notify()
    const probe = await send()
    await delivered(probe)
    for (const id of ids) {
      const m = await get(id)
      assert.equal(m.status_code, 410)
      assert.equal(m.is_sent, false)
    }
  })

  it('expires a message whose validity ran out in the queue, unsent and refunded', async () => {
    const start = await balance()
    const at = s.clock.nowS() + 60
    const uuid = await send({ delivery_at: at })
    // Past its due time plus the whole validity (48 h by default) before any dispatcher saw it.
    s.clock.advance((60 + 48 * 3600 + 1) * 1000)
    s.ctx.deps.queued.notify()
    const m = await waitFor('expired', async () => {
      const x = await get(uuid)
      return x.dlr_code === 8 ? x : undefined
    })
    assert.equal(m.is_sent, false)
    assert.equal(await balance(), start)
  })
})

describe('routing', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer({}, { delivery: { idleMs: 20 } })
  })
  after(() => s.close())

  const put = (id: string, config: object, enabled = true) =>
    s.admin(`/admin/connectors/${id}`, {
      method: 'PUT',
      body: { kind: 'simulator', config, enabled },
    })
  const row = (uuid: string) =>
    s.ctx.deps.db.selectFrom('sms').selectAll().where('uuid', '=', uuid).executeTakeFirstOrThrow()
  const settled = (uuid: string) =>
    waitFor(`${uuid} settled`, async () => {
      const r = await row(uuid)
      return ['delivered', 'failed', 'expired', 'rejected'].includes(r.state) ? r : undefined
    })

  it('routes by prefix to the named connector and fails over when it is down', async () => {
    assert.equal((await put('primary', { dlrDelayMs: 10 }, false)).status, 200)
    assert.equal((await put('backup', { dlrDelayMs: 10 })).status, 200)
    const route = await s.admin('/admin/routes', {
      body: { prefix: '+4917', connector_ids: ['primary', 'backup'] },
    })
    assert.equal(route.status, 201, route.text)
    const r = await s.request('/sms', { token: s.token, body: SMS })
    const m = await settled(r.body.uuid)
    assert.equal(m.connector_id, 'backup', 'primary is disabled, so the backup carries it')
    assert.equal(m.route_id, route.body.id)

    await put('primary', { dlrDelayMs: 10 }, true)
    const r2 = await s.request('/sms', { token: s.token, body: SMS })
    assert.equal((await settled(r2.body.uuid)).connector_id, 'primary')

    const other = await s.request('/sms', {
      token: s.token,
      body: { ...SMS, phone: '+436641234567' },
    })
    assert.equal((await settled(other.body.uuid)).connector_id, 'simulator', 'the catch-all route')
  })

  it('fails a message no route carries, with status 2010, and refunds it', async () => {
    const routes = (await s.admin('/admin/routes')).body.routes as {
      id: number
      prefix: string | null
    }[]
    for (const r of routes.filter((x) => x.prefix === null))
      await s.admin(`/admin/routes/${r.id}`, { method: 'DELETE' })
    const before = (await s.request('/me', { token: s.token })).body.balance_amount
    const r = await s.request('/sms', { token: s.token, body: { ...SMS, phone: '+33612345678' } })
    const m = await settled(r.body.uuid)
    assert.equal(m.state, 'failed')
    assert.equal(m.status_code, 2010)
    assert.equal(m.status_detail, 'NO_ROUTE')
    assert.equal((await s.request('/me', { token: s.token })).body.balance_amount, before)
  })

  it('fails a message the carrier refuses for good, keeping its error', async () => {
    await put('primary', { rejectPrefixes: ['4917'] })
    const r = await s.request('/sms', { token: s.token, body: SMS })
    const m = await settled(r.body.uuid)
    assert.equal(m.state, 'failed')
    assert.equal(m.status_code, 2000)
    assert.match(m.status_detail!, /ESME_RINVDSTADR/)
    const api = (await s.request(`/sms/${r.body.uuid}`, { token: s.token })).body
    assert.equal(api.dlr_code, 16)
  })

  it('validates connector configs and routes', async () => {
    const bad = await s.admin('/admin/connectors/x1', {
      method: 'PUT',
      body: { kind: 'simulator', config: { dlrDelayMs: -5 } },
    })
    assert.equal(bad.status, 422)
    assert.match(bad.body.violations[0].propertyPath, /config/)
    const unknownKind = await s.admin('/admin/connectors/x1', {
      method: 'PUT',
      body: { kind: 'fax', config: {} },
    })
    assert.equal(unknownKind.status, 422)
    const route = await s.admin('/admin/routes', { body: { connector_ids: ['nope'] } })
    assert.equal(route.status, 422)
    assert.match(route.body.violations[0].message, /nope/)
    assert.equal((await s.admin('/admin/connectors/ghost', { method: 'DELETE' })).status, 404)
  })

  it('exposes per-connector metrics and the queue depth', async () => {
    const r = await s.request('/metrics')
    assert.equal(r.status, 200)
    assert.match(r.text, /taube_connector_acknowledged_total\{connector="backup"\} [1-9]/)
    assert.match(r.text, /taube_dlr_received_total\{connector="backup",state="DELIVRD"\} [1-9]/)
    assert.match(r.text, /taube_queue_depth\{kind="due"\} \d+/)
  })
})
