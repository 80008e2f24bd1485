import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { ERRORS } from '../../src/errors/catalogue.js'
import { OPERATION_IDS } from '../../src/api/openapi-operations.js'
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
      'POST /sms',
      'GET /sms',
      'POST /sms/dryrun',
      'POST /sms/ops/batch_cancel',
      'POST /sms/ops/batch_delete',
      'GET /sms/{uuid}',
      'DELETE /sms/{uuid}',
      'GET /me',
      'POST /admin/accounts',
      'PUT /admin/accounts/{id}/prices',
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
    for (const n of [
      'phone',
      'iso2[]',
      'created_at[between]',
      '_order[created_at]',
      'is_sent',
      'page',
    ]) {
      assert.ok(names.includes(n), n)
    }
    const cancel = doc.paths['/sms/ops/batch_cancel'].post.parameters.map(
      (p: { name: string }) => p.name,
    )
    assert.ok(!cancel.includes('page'))
  })

  it('documents error responses with their catalogue codes', () => {
    const r422 = doc.paths['/sms'].post.responses['422']
    assert.match(r422.description, /VALIDATION_FAILED/)
    assert.ok(Object.keys(ERRORS).length > 10)
    assert.ok(doc.paths['/sms'].post.responses['402'])
  })

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops as Record<string, any>).map(([method, op]) => ({
        key: `${method.toUpperCase()} ${path}`,
        path,
        op,
      })),
    )

  it('gives every operation the operationId of its row in the table, unique', () => {
    const ids = operations().map(({ key, op }) => {
      const row = (OPERATION_IDS as Record<string, string>)[key]
      assert.equal(op.operationId, row, `${key} has no row or a different id`)
      return op.operationId as string
    })
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique')
    const documented = new Set(operations().map((o) => o.key))
    const stale = Object.keys(OPERATION_IDS).filter((k) => !documented.has(k))
    assert.deepEqual(stale, [], 'every row names a documented operation')
  })

  it('documents the operator API under the bearer scheme, the LOX24 API under the key', () => {
    const { adminToken, lox24Token } = doc.components.securitySchemes
    assert.deepEqual(adminToken, { ...adminToken, type: 'http', scheme: 'bearer' })
    const key = { type: 'apiKey', in: 'header', name: 'X-LOX24-AUTH-TOKEN' }
    assert.deepEqual(lox24Token, { ...lox24Token, ...key })
    for (const { key, path, op } of operations()) {
      const expected = path.startsWith('/admin/')
        ? [{ adminToken: [] }]
        : path.startsWith('/api/kannel/')
          ? [{ kannelUsername: [], kannelPassword: [] }]
          : path.startsWith('/api/')
            ? [{ sevenApiKey: [] }]
            : path.startsWith('/json/1.3/')
              ? [{ pushwooshAuth: [] }]
              : path.startsWith('/messaggi/')
                ? [{ messaggiBearer: [] }]
                : key === 'POST /operator/session'
                  ? [{ operatorLogin: [] }]
                  : path === '/operator/session'
                    ? [{ operatorSession: [] }]
                    : key === 'POST /session'
                      ? [{ dashboardLogin: [] }]
                      : path === '/session'
                        ? [{ dashboardSession: [] }]
                        : [{ lox24Token: [] }]
      assert.deepEqual(op.security ?? doc.security, expected, key)
    }
  })

  it('documents a 2xx and the 4xx answers of every operation, errors as the JSON-LD sent', () => {
    for (const { key, op } of operations()) {
      const statuses = Object.keys(op.responses)
      assert.ok(
        statuses.some((s) => /^2\d\d$/.test(s)),
        `${key} has a 2xx answer`,
      )
      const errors = statuses.filter((s) => /^4\d\d$/.test(s))
      // The Pushwoosh API answers refusals with HTTP 200 and status_code 210: only what the HTTP
      // edge refuses has an error status, in Pushwoosh's shape.
      const pushwoosh = key.includes(' /json/1.3/')
      const expected = pushwoosh ? ['429'] : ['401', '403', '429']
      // The seven.io API answers a bad value with its own codes and 400, never 422.
      const seven = key.includes('/api/') && !key.includes('/api/kannel/')
      if (op.requestBody?.content['application/json'])
        expected.push('400', '413', '415', ...(seven || pushwoosh ? [] : ['422']))
      for (const s of expected) assert.ok(errors.includes(s), `${key} documents ${s}`)
      for (const s of errors) {
        if (pushwoosh) {
          const schema = op.responses[s].content['application/json'].schema
          assert.ok(
            schema.properties.status_code && schema.properties.status_message,
            `${key} ${s}`,
          )
          continue
        }
        // The messaggisms.com API answers in its envelope, with the number of the failure.
        if (key.includes(' /messaggi/')) {
          const envelope = op.responses[s].content['application/json'].schema
          assert.ok(envelope.properties.error && envelope.properties.success, `${key} ${s}`)
          continue
        }
        // The Kannel emulation answers as Kannel reads it: a short plain text; seven.io's API
        // with its return code first.
        const kannel = key.includes('/api/kannel/') || seven
        const media = op.responses[s].content[kannel ? 'text/plain' : 'application/ld+json']
        if (kannel) {
          assert.equal(media.schema.type, 'string', `${key} ${s}`)
          continue
        }
        assert.ok(media.schema.properties.code, `${key} ${s}`)
      }
    }
    assert.ok(doc.paths['/admin/accounts'].post.responses['201'], 'operator successes too')
    assert.equal(doc.paths['/admin/routes/{id}'].delete.responses['204'].content, undefined)
  })

  it('documents POST /sms as taking and answering application/ld+json, as it is sent', async () => {
    const op = doc.paths['/sms'].post
    assert.ok(op.requestBody.content['application/ld+json'].schema.properties.phone)
    assert.ok(op.responses['201'].content['application/ld+json'].schema.properties.uuid)
    assert.equal(op.responses['201'].content['application/json'], undefined)
    const sent = await s.request('/sms', {
      token: s.token,
      headers: { 'Content-Type': 'application/ld+json' },
      body: { phone: '+4915123456789', sender_id: 'Taube', text: 'Hello' },
    })
    assert.equal(sent.status, 201)
    assert.match(sent.headers.get('content-type') ?? '', /^application\/ld\+json/)
    assert.ok(doc.paths['/admin/accounts'].get.responses['200'].content['application/json'])
  })

  it('gives real examples: a German mobile number, a sender and a text, and never "string"', () => {
    const body = doc.paths['/sms'].post.requestBody.content['application/json'].schema.properties
    assert.match(body.phone.examples[0], /^\+491[5-7]\d{8,9}$/)
    assert.ok(body.sender_id.examples[0].length > 0)
    assert.ok(body.text.examples[0].length > 0)
    const sms = doc.paths['/sms'].post.responses['201'].content['application/ld+json'].schema
    assert.match(sms.properties.phone.examples[0], /^\+491[5-7]\d{8,9}$/)
    const plain: string[] = []
    walkSchemas(doc, (schema, where) => {
      const examples = Array.isArray(schema.examples) ? schema.examples : []
      if ([schema.example, ...examples].includes('string')) plain.push(where)
    })
    assert.deepEqual(plain, [])
    // Swagger UI fills a string without example, enum, const or default with "string".
    const bare: string[] = []
    for (const { key, op } of operations()) {
      const media = op.requestBody?.content['application/json']
      if (media !== undefined) bareStrings(media.schema, key, bare)
    }
    assert.deepEqual(bare, [], 'every string of a request body has an example')
  })

  it('names the servers and the licence of package.json', () => {
    assert.ok(doc.servers.length > 0)
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
    assert.equal(doc.info.license.identifier, pkg.license)
    assert.equal(pkg.license, 'Apache-2.0')
  })

  it('serves Swagger UI at /docs', async () => {
    const r = await s.request('/docs/')
    assert.equal(r.status, 200)
    assert.match(r.text, /swagger-ui/i)
  })
})

function walkSchemas(node: unknown, visit: (schema: any, where: string) => void, where = ''): void {
  if (Array.isArray(node)) node.forEach((n, i) => walkSchemas(n, visit, `${where}/${i}`))
  else if (node !== null && typeof node === 'object') {
    visit(node, where)
    for (const [k, v] of Object.entries(node)) walkSchemas(v, visit, `${where}/${k}`)
  }
}

function bareStrings(schema: any, where: string, out: string[]): void {
  if (schema === null || typeof schema !== 'object') return
  for (const k of ['anyOf', 'oneOf', 'allOf']) {
    for (const s of schema[k] ?? []) bareStrings(s, where, out)
  }
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    bareStrings(s, `${where} ${name}`, out)
  }
  if (schema.items) bareStrings(schema.items, `${where}[]`, out)
  const shown = ['examples', 'example', 'enum', 'const', 'default'].some((k) => k in schema)
  if (schema.type === 'string' && !shown) out.push(where)
}
