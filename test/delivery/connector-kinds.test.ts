import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Value } from '@sinclair/typebox/value'
import { CONNECTOR_KIND_NAMES, CONNECTOR_KINDS } from '../../src/delivery/connectors/kinds.js'
import { AppError } from '../../src/errors/app-error.js'
import { PutConnectorBody } from '../../src/services/connectors/connector.schemas.js'
import { putConnector } from '../../src/services/connectors/manage-connectors.js'
import { maskSecrets } from '../../src/services/connectors/connector-secrets.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

describe('connector kinds: one table', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer({}, { delivery: false, events: false, bulks: false })
  })
  after(() => s.close())

  it('the admin body takes exactly the kinds of the table', () => {
    for (const kind of CONNECTOR_KIND_NAMES)
      assert.ok(Value.Check(PutConnectorBody, { kind, config: {} }), kind)
    assert.equal(Value.Check(PutConnectorBody, { kind: 'kannel', config: {} }), false)
  })

  it('a kind that is none is refused by the service itself, naming the field and the kinds', async () => {
    await assert.rejects(
      putConnector(s.ctx.deps, 'carrier', { kind: 'kannel', config: {} }),
      (err: unknown) => {
        assert.ok(err instanceof AppError)
        assert.equal(err.status, 422)
        assert.equal(err.violations[0]?.propertyPath, 'kind')
        assert.match(err.violations[0]!.message, /simulator, smpp, http/)
        return true
      },
    )
  })

  it("each kind's secrets are masked as its entry says", () => {
    assert.deepEqual(CONNECTOR_KINDS.smpp.secrets.required, [['password']])
    assert.equal(maskSecrets('smpp', { password: 'pw', host: 'h' }).password, '••••')
    assert.equal(maskSecrets('simulator', { password: 'pw' }).password, 'pw')
    const http = maskSecrets('http', {
      url: 'https://u:secretsecretsecret1@c.example/x',
      headers: { 'X-Api-Key': 'k' },
    })
    assert.equal(http.url, 'https://u:••••ret1@c.example/x')
    assert.deepEqual(http.headers, { 'X-Api-Key': '••••' })
    const voice = maskSecrets('http-voice', {
      callbackToken: 'voice-token-0123456789',
      headers: { Authorization: 'Bearer x' },
    })
    assert.equal(voice.callbackToken, '••••6789')
    assert.deepEqual(voice.headers, { Authorization: '••••' })
  })
})
