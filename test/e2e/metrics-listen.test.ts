import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTaube } from '../helpers/cli.js'
import { http } from '../helpers/http.js'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js'

describe('taube serve with TAUBE_METRICS_LISTEN', () => {
  let database: TestDatabase
  before(async () => {
    database = await createTestDatabase()
  })
  after(() => database?.drop())

  it('serves /metrics on its own address, prints it, and no longer on TAUBE_PORT', async () => {
    const taube = await startTaube({
      TAUBE_DATABASE_URL: database.url,
      TAUBE_METRICS_LISTEN: '127.0.0.1:0',
    })
    try {
      const m = /Metrics: (http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(taube.output())
      assert.ok(m, taube.output())
      const metrics = await http(m[1]!, '/metrics')
      assert.equal(metrics.status, 200, metrics.text)
      assert.match(metrics.text, /# TYPE/)
      const api = await http(taube.url, '/metrics')
      assert.equal(api.status, 404)
      assert.equal(api.body.code, 'ROUTE_NOT_FOUND')
      assert.equal((await http(taube.url, '/healthz')).status, 200)
    } finally {
      assert.equal(await taube.stop(), 0, 'SIGTERM stops both listeners cleanly')
    }
  })
})
