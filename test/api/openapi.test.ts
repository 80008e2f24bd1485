import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ERRORS } from '../../src/errors/catalogue.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

describe('OpenAPI and docs', () => {
  let s: TestServer
  let doc: any
  before(async () => {
    s = await startTestServer()
    doc = (await s.request('/openapi.json')).body
  })
  after(() => s.close())

  it('is an OpenAPI 3.1 document with every LOX24 route built so far', () => {
    assert.equal(doc.openapi, '3.1.0')
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`),
    )
    for (const r of [
      'POST /sms', 'GET /sms', 'POST /sms/dryrun', 'POST /sms/ops/batch_cancel',
      'POST /sms/ops/batch_delete', 'GET /sms/{uuid}', 'DELETE /sms/{uuid}', 'GET /me',
      'POST /admin/accounts', 'PUT /admin/accounts/{id}/prices',
    ]) {
      assert.ok(routes.includes(r), r)
    }
    assert.ok(!routes.some((r) => r.includes('/healthz')), 'internal routes stay hidden')
  })

  it('documents the request body from the schema that validates it', () => {
    const body = doc.paths['/sms'].post.requestBody.content['application/json'].schema
    assert.deepEqual([...body.required].sort(), ['phone', 'sender_id', 'text'])
    assert.equal(body.properties.callback_data.anyOf[0].maxLength, 36)
    assert.ok('is_delete_text' in body.properties)
  })

  it('documents every filter of GET /sms as a query parameter', () => {
    const names = doc.paths['/sms'].get.parameters.map((p: { name: string }) => p.name)
    for (const n of ['phone', 'iso2[]', 'created_at[between]', '_order[created_at]', 'is_sent', 'page']) {
      assert.ok(names.includes(n), n)
    }
    const cancel = doc.paths['/sms/ops/batch_cancel'].post.parameters.map((p: { name: string }) => p.name)
    assert.ok(!cancel.includes('page'))
  })

  it('documents error responses with their catalogue codes', () => {
    const r422 = doc.paths['/sms'].post.responses['422']
    assert.match(r422.description, /VALIDATION_FAILED/)
    assert.ok(Object.keys(ERRORS).length > 10)
    assert.ok(doc.paths['/sms'].post.responses['402'])
  })

  it('serves Swagger UI at /docs', async () => {
    const r = await s.request('/docs/')
    assert.equal(r.status, 200)
    assert.match(r.text, /swagger-ui/i)
  })
})
