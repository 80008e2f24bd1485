import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

describe('/readyz: ready when the store answers and is migrated; connectors are reported', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer({}, { delivery: true })
  })
  after(async () => {
    await s.close()
  })

  it('answers 200 with the checks it made, open to every client', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/readyz', remoteAddress: '203.0.113.9' })
    assert.equal(r.statusCode, 200, r.body)
    const body = r.json()
    assert.equal(body.status, 'ready')
    assert.deepEqual(body.checks.store, { ok: true })
    assert.deepEqual(body.checks.migrations, { ok: true, pending: [] })
    assert.equal(body.checks.connectors.ok, true)
    assert.ok(
      body.checks.connectors.connectors.some(
        (c: { id: string; up: boolean | null }) => typeof c.id === 'string' && c.up === true,
      ),
      r.body,
    )
  })

  it('stays ready, and says so, while a connector is down', async () => {
    const put = await s.admin('/admin/connectors/down', {
      method: 'PUT',
      body: { kind: 'smpp', config: { host: '127.0.0.1', port: 9, systemId: 'x', password: 'y' } },
    })
    assert.equal(put.status, 200, put.text)
    const r = await s.request('/readyz')
    assert.equal(r.status, 200, r.text)
    const down = r.body.checks.connectors.connectors.find((c: { id: string }) => c.id === 'down')
    assert.equal(down.up, false)
    assert.equal(r.body.checks.connectors.ok, true)
    assert.deepEqual(r.body.checks.connectors.down, ['down'])
  })

  it('answers 503 NOT_READY naming the migrations still to run', async () => {
    await sql`delete from taube_migrations where name = '0016_event_target_due'`.execute(
      s.ctx.deps.db,
    )
    try {
      const r = await s.request('/readyz')
      assert.equal(r.status, 503)
      assert.equal(r.body.code, 'NOT_READY')
      assert.match(r.body['hydra:description'], /migrations pending: 0016_event_target_due/)
      assert.equal((await s.request('/healthz')).status, 200, 'alive all the same')
    } finally {
      await sql`insert into taube_migrations (name, timestamp) values ('0016_event_target_due', '2026-01-01T00:00:00.000Z')`.execute(
        s.ctx.deps.db,
      )
    }
    assert.equal((await s.request('/readyz')).status, 200)
  })
})

describe('/readyz with the store gone', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer()
  })
  after(async () => {
    await s.close()
  })

  it('answers 503 NOT_READY naming the store', async () => {
    await s.ctx.deps.db.destroy()
    const r = await s.request('/readyz')
    assert.equal(r.status, 503)
    assert.equal(r.body.code, 'NOT_READY')
    assert.match(r.body['hydra:description'], /store unreachable/)
  })
})
