// The operator's Pushwoosh applications and presets over real HTTP: the auth token shown once
// and stored hashed as a key of type pushwoosh, lists, deletes, every bad input named, and an
// application of one account never reachable under another's id.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { asApp, pushwooshApp } from '../helpers/pushwoosh.js'

describe('operator API: Pushwoosh applications and presets', () => {
  let s: TestServer
  let other: { userId: number; token: string }
  before(async () => {
    s = await startTestServer()
    other = await s.createAccount({ name: 'Other' })
  })
  after(() => s?.close())

  const apps = (account: number) => `/admin/accounts/${account}/applications`

  it('creates an application: its code, and its auth token once, stored hashed', async () => {
    const r = await s.admin(apps(s.userId), { body: { name: 'Shop app', sender: 'AcmeShop' } })
    assert.equal(r.status, 201, r.text)
    const { code, auth, key_id, created_at, ...rest } = r.body
    assert.match(code, /^[A-Z0-9]{5}-[A-Z0-9]{5}$/)
    assert.match(auth, /^[a-z0-9]{32}$/)
    assert.equal(created_at, s.clock.nowS())
    assert.deepEqual(rest, { account_id: s.userId, name: 'Shop app', sender: 'AcmeShop' })
    const key = await s.ctx.deps.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', key_id)
      .executeTakeFirstOrThrow()
    assert.equal(key.type, 'pushwoosh')
    assert.equal(key.token_hash, createHash('sha256').update(auth).digest('hex'))
    assert.ok(!JSON.stringify(key).includes(auth), 'the token itself is not stored')

    const list = await s.admin(apps(s.userId))
    assert.equal(list.status, 200)
    const listed = list.body.applications.find((a: any) => a.code === code)
    assert.deepEqual(listed, {
      code,
      account_id: s.userId,
      name: 'Shop app',
      sender: 'AcmeShop',
      key_id,
      created_at,
    })
    assert.ok(!list.text.includes(auth), 'the token is shown only once')
    // The account's keys show it, as type pushwoosh.
    const keys = await s.admin(`/admin/accounts/${s.userId}/keys`)
    assert.equal(keys.body.keys.find((k: any) => k.id === key_id).type, 'pushwoosh')
  })

  it('names every bad input, and an unknown account', async () => {
    const bad = async (body: unknown, path: RegExp) => {
      const r = await s.admin(apps(s.userId), { body })
      assert.ok(r.status === 400 || r.status === 422, r.text)
      assert.match(r.text, path)
    }
    await bad({}, /name/)
    await bad({ name: '' }, /name/)
    await bad({ name: 'x'.repeat(101) }, /name/)
    await bad({ name: 'tab\there' }, /name/)
    await bad({ name: 'ok', sender: 'TwelveLetter' }, /sender/)
    const none = await s.admin(apps(99999), { body: { name: 'x' } })
    assert.equal(none.status, 404)
    assert.equal(none.body.code, 'ACCOUNT_NOT_FOUND')
    assert.equal((await s.admin(apps(99999))).status, 404)
  })

  it('keys of type pushwoosh come only with an application', async () => {
    const admin = await s.admin(`/admin/accounts/${s.userId}/keys`, { body: { type: 'pushwoosh' } })
    assert.equal(admin.status, 422, admin.text)
    const own = await s.request('/api_keys', {
      token: s.token,
      body: { name: 'x', type: 'pushwoosh' },
    })
    assert.equal(own.status, 422, own.text)
  })

  it('manages presets; deleting an application takes its presets and token with it', async () => {
    const app = await pushwooshApp(s, s.userId)
    const presets = `${apps(s.userId)}/${app.code}/presets`
    const created = await s.admin(presets, { body: { name: 'Welcome', content: 'Hello {name}' } })
    assert.equal(created.status, 201, created.text)
    assert.match(created.body.code, /^[A-Z0-9]{5}-[A-Z0-9]{5}$/)
    assert.deepEqual(
      { ...created.body, code: 'x' },
      {
        code: 'x',
        application: app.code,
        name: 'Welcome',
        content: 'Hello {name}',
        created_at: s.clock.nowS(),
      },
    )
    const bad = await s.admin(presets, { body: { name: 'x', content: '' } })
    assert.ok(bad.status === 400 || bad.status === 422)
    assert.match(bad.text, /content/)
    const list = await s.admin(presets)
    assert.deepEqual(
      list.body.presets.map((p: any) => p.code),
      [created.body.code],
    )
    const missing = await s.admin(`${presets}/ZZZZZ-ZZZZZ`, { method: 'DELETE' })
    assert.equal(missing.status, 404)
    assert.equal(missing.body.code, 'PUSHWOOSH_PRESET_NOT_FOUND')
    assert.equal(
      (await s.admin(`${presets}/${created.body.code}`, { method: 'DELETE' })).status,
      204,
    )
    assert.deepEqual((await s.admin(presets)).body.presets, [])

    await s.admin(presets, { body: { name: 'Again', content: 'x' } })
    const works = await asApp(s, app)('registerDevice', { hwid: '+491701234567' })
    assert.equal(works.body.status_code, 200)
    assert.equal((await s.admin(`${apps(s.userId)}/${app.code}`, { method: 'DELETE' })).status, 204)
    const gone = await s.admin(`${apps(s.userId)}/${app.code}`, { method: 'DELETE' })
    assert.equal(gone.status, 404)
    assert.equal(gone.body.code, 'PUSHWOOSH_APPLICATION_NOT_FOUND')
    assert.equal((await s.admin(presets)).status, 404)
    const left = await s.ctx.deps.db
      .selectFrom('pushwoosh_presets')
      .select('code')
      .where('account_id', '=', s.userId)
      .where('name', '=', 'Again')
      .execute()
    assert.deepEqual(left, [], 'its presets are gone')
    const refused = await asApp(s, app)('registerDevice', { hwid: '+491701234567' })
    assert.equal(refused.body.status_message, 'Access denied or application not found')
    const key = await s.ctx.deps.db
      .selectFrom('api_keys')
      .select('id')
      .where('id', '=', app.key_id)
      .executeTakeFirst()
    assert.equal(key, undefined, 'the auth token is revoked')
  })

  it("never reaches an application or its presets under another account's id", async () => {
    const app = await pushwooshApp(s, s.userId)
    const preset = await s.admin(`${apps(s.userId)}/${app.code}/presets`, {
      body: { name: 'p', content: 'c' },
    })
    const underOther = `${apps(other.userId)}/${app.code}`
    for (const [method, path, body] of [
      ['DELETE', underOther, undefined],
      ['GET', `${underOther}/presets`, undefined],
      ['POST', `${underOther}/presets`, { name: 'p', content: 'c' }],
      ['DELETE', `${underOther}/presets/${preset.body.code}`, undefined],
    ] as const) {
      const r = await s.admin(path, { method, ...(body ? { body } : {}) })
      assert.equal(r.status, 404, `${method} ${path}: ${r.text}`)
      assert.equal(r.body.code, 'PUSHWOOSH_APPLICATION_NOT_FOUND')
    }
    assert.ok(!(await s.admin(apps(other.userId))).text.includes(app.code))
    assert.equal((await s.admin(`${apps(s.userId)}/${app.code}/presets`)).body.presets.length, 1)
  })
})
