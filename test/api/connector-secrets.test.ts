import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { findConnector } from '../../src/store/repositories/connector.repository.js'
import { runTaube } from '../helpers/cli.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

const SMPP_PASSWORD = 's3cretPw'
const CALLBACK_TOKEN = 'cb-token-abcdefghijklmnop'
const API_KEY = 'carrier-api-key-0123456789'
const BEARER = 'Bearer carrier-bearer-9876543210'
const URL_PASSWORD = 'url-pass-1234567890'

const smppConfig = (extra: Record<string, unknown> = {}) => ({
  host: '127.0.0.1',
  port: 2775,
  systemId: 'taube',
  password: SMPP_PASSWORD,
  ...extra,
})

const httpConfig = () => ({
  url: `https://carrier.example/send?user=taube&password=${URL_PASSWORD}&to={to}`,
  method: 'POST',
  params: { api_key: API_KEY, to: '{to}', text: '{text}', from: 'Taube' },
  headers: { Authorization: BEARER, Accept: 'application/json' },
  callbackToken: CALLBACK_TOKEN,
  dlr: { idParam: 'id', statusParam: 'status', statusMap: { ok: 'DELIVRD' } },
})

const SECRETS = [SMPP_PASSWORD, CALLBACK_TOKEN, API_KEY, BEARER, 'carrier-bearer', URL_PASSWORD]

function assertNoSecret(text: string): void {
  for (const secret of SECRETS) assert.equal(text.includes(secret), false, `${secret} is shown`)
}

function putConnector(s: TestServer, id: string, kind: string, config: unknown) {
  return s.admin(`/admin/connectors/${id}`, { method: 'PUT', body: { kind, config } })
}

async function stored(s: TestServer, id: string): Promise<Record<string, any>> {
  const row = await findConnector(s.ctx.deps.db, id)
  assert.ok(row, `connector ${id} is stored`)
  return JSON.parse(row.config)
}

describe('connector secrets are never shown once set', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer()
    const smpp = await putConnector(s, 'carrier', 'smpp', smppConfig())
    assert.equal(smpp.status, 200, smpp.text)
    const http = await putConnector(s, 'web', 'http', httpConfig())
    assert.equal(http.status, 200, http.text)
  })
  after(() => s.close())

  it('GET /admin/connectors and the PUT answer show hints, not secrets', async () => {
    const list = await s.admin('/admin/connectors')
    assert.equal(list.status, 200)
    assertNoSecret(list.text)
    const byId = Object.fromEntries(list.body.connectors.map((c: any) => [c.id, c.config]))
    assert.equal(byId.carrier.password, '••••')
    assert.equal(byId.carrier.systemId, 'taube', 'what is no secret stays visible')
    assert.equal(byId.web.callbackToken, `••••${CALLBACK_TOKEN.slice(-4)}`)
    assert.equal(byId.web.params.api_key, `••••${API_KEY.slice(-4)}`)
    assert.equal(byId.web.params.to, '{to}')
    assert.equal(byId.web.headers.Authorization, `••••${BEARER.slice(-4)}`)
    assert.equal(byId.web.headers.Accept, 'application/json')
    assert.match(byId.web.url, /user=taube&password=••••7890&to=\{to\}/)

    const again = await putConnector(s, 'carrier', 'smpp', smppConfig())
    assertNoSecret(again.text)
  })

  it('an update without the secret, or with its hint, keeps the stored secret', async () => {
    const { password: _, ...withoutPassword } = smppConfig({ window: 20 })
    const r = await putConnector(s, 'carrier', 'smpp', withoutPassword)
    assert.equal(r.status, 200, r.text)
    assert.equal((await stored(s, 'carrier')).password, SMPP_PASSWORD)
    assert.equal((await stored(s, 'carrier')).window, 20)

    // What GET shows, sent back unchanged, changes nothing.
    const shown = (await s.admin('/admin/connectors')).body.connectors.find(
      (c: any) => c.id === 'web',
    )
    const put = await putConnector(s, 'web', 'http', shown.config)
    assert.equal(put.status, 200, put.text)
    assert.deepEqual(await stored(s, 'web'), {
      ...httpConfig(),
      ...pickDefaults(await stored(s, 'web')),
    })
  })

  it('an update with a new secret replaces it; a secret header left out is removed', async () => {
    const r = await putConnector(s, 'carrier', 'smpp', smppConfig({ password: 'newPw123' }))
    assert.equal(r.status, 200)
    assert.equal((await stored(s, 'carrier')).password, 'newPw123')
    const config = { ...httpConfig(), headers: { Accept: 'application/json' } }
    await s.admin('/admin/connectors/web', { method: 'PUT', body: { kind: 'http', config } })
    assert.deepEqual((await stored(s, 'web')).headers, { Accept: 'application/json' })
  })

  it('a new connector without its required secret is refused', async () => {
    const { password: _, ...withoutPassword } = smppConfig()
    const r = await putConnector(s, 'fresh', 'smpp', withoutPassword)
    assert.equal(r.status, 422)
    assert.equal(r.body.violations[0].propertyPath, 'config.password')
  })

  it('`taube connector list` shows hints, not secrets', async () => {
    await putConnector(s, 'carrier', 'smpp', smppConfig())
    await putConnector(s, 'web', 'http', httpConfig())
    const env = { TAUBE_DATABASE_URL: s.ctx.config.databaseUrl, TAUBE_LOG_LEVEL: 'warn' }
    const r = await runTaube(['connector', 'list', '--json'], env)
    assert.equal(r.code, 0, r.stderr)
    const list = JSON.parse(r.stdout) as { id: string; config: Record<string, unknown> }[]
    assert.equal(list.find((c) => c.id === 'carrier')?.config.password, '••••')
    assert.ok(list.some((c) => c.id === 'web'))
    assertNoSecret(r.stdout)
  })
})

/** The defaults the schema filled in on the first write, which the stored config carries too. */
function pickDefaults(config: Record<string, any>): Record<string, unknown> {
  const {
    url: _u,
    method: _m,
    params: _p,
    headers: _h,
    callbackToken: _c,
    dlr: _d,
    ...defaults
  } = config
  return defaults
}
