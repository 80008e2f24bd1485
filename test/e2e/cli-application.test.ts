// `taube application`: the operator creates, lists and deletes an account's Pushwoosh
// applications and their presets; the auth token the command shows once sends over HTTP.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { runTaube } from '../helpers/cli.js'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js'
import { startTestServer } from '../helpers/test-server.js'

describe('taube application', () => {
  let database: TestDatabase
  let env: Record<string, string>
  let account: string
  before(async () => {
    database = await createTestDatabase()
    env = { TAUBE_DATABASE_URL: database.url, TAUBE_LOG_LEVEL: 'warn' }
    const created = await runTaube(
      ['account', 'create', '--name', 'ACME', '--balance', '10', '--json'],
      env,
    )
    assert.equal(created.code, 0, created.stderr)
    account = String(JSON.parse(created.stdout).id)
  })
  after(async () => database?.drop())

  const taube = (...args: string[]) => runTaube(['application', ...args], env)

  it('creates an application and a preset that send over HTTP; lists and deletes them', async () => {
    const created = await taube(
      'create',
      '--account',
      account,
      '--name',
      'Shop',
      '--sender',
      'AcmeShop',
      '--json',
    )
    assert.equal(created.code, 0, created.stderr)
    assert.match(created.stderr, /shown only now/)
    const app = JSON.parse(created.stdout)
    assert.match(app.code, /^[A-Z0-9]{5}-[A-Z0-9]{5}$/)
    assert.equal(app.name, 'Shop')
    assert.equal(app.sender, 'AcmeShop')
    assert.equal(typeof app.auth, 'string')

    const preset = await taube(
      'preset-create',
      ...['--account', account, '--application', app.code.toLowerCase()],
      ...['--name', 'Welcome', '--content', 'Welcome {name|CapitalizeFirst|friend}', '--json'],
    )
    assert.equal(preset.code, 0, preset.stderr)
    const presetCode = JSON.parse(preset.stdout).code

    const list = await taube('list', '--account', account, '--json')
    const apps = JSON.parse(list.stdout)
    assert.deepEqual(
      apps.map((a: any) => [a.code, a.name]),
      [[app.code, 'Shop']],
    )
    assert.ok(!list.stdout.includes(app.auth), 'the token is never listed')
    const table = await taube('list', '--account', account)
    assert.match(table.stdout, new RegExp(`${app.code}\\s+Shop\\s+AcmeShop`))
    const presets = await taube(
      'preset-list',
      '--account',
      account,
      '--application',
      app.code,
      '--json',
    )
    assert.deepEqual(
      JSON.parse(presets.stdout).map((p: any) => [p.code, p.content]),
      [[presetCode, 'Welcome {name|CapitalizeFirst|friend}']],
    )

    // The token and preset the command made, used as a Pushwoosh client uses them.
    const s = await startTestServer({ databaseUrl: database.url })
    try {
      const r = await s.request('/json/1.3/createSMSMessage', {
        body: {
          request: {
            application: app.code,
            auth: app.auth,
            notifications: [
              {
                send_date: 'now',
                devices: ['+491701234567'],
                use_auto_registration: true,
                preset: presetCode,
                dynamic_content_placeholders: { name: 'ann' },
              },
            ],
          },
        },
      })
      assert.equal(r.body.status_code, 200, r.text)
      const row = await s.ctx.deps.db
        .selectFrom('sms')
        .select(['text', 'sender_id'])
        .where('facade_id', '=', r.body.response.Messages[0])
        .executeTakeFirstOrThrow()
      assert.deepEqual(row, { text: 'Welcome Ann', sender_id: 'AcmeShop' })
    } finally {
      await s.close()
    }

    const gonePreset = await taube(
      'preset-delete',
      ...['--account', account, '--application', app.code, '--code', presetCode],
    )
    assert.equal(gonePreset.code, 0, gonePreset.stderr)
    assert.match(
      gonePreset.stdout,
      new RegExp(`preset ${presetCode} of application ${app.code} deleted`),
    )
    const deleted = await taube('delete', '--account', account, '--code', app.code)
    assert.equal(deleted.code, 0, deleted.stderr)
    assert.match(deleted.stdout, /deleted/)
    assert.equal((await taube('list', '--account', account)).stdout.trim(), '(no applications)')
  })

  it('names a bad code, name, sender and an unknown account or application', async () => {
    const badCode = await taube('delete', '--account', account, '--code', 'nope')
    assert.equal(badCode.code, 2)
    assert.match(badCode.stderr, /--code/)
    const badSender = await taube(
      'create',
      '--account',
      account,
      '--name',
      'X',
      '--sender',
      'Bad!Sender',
    )
    assert.equal(badSender.code, 1)
    assert.match(badSender.stderr, /sender: must be up to 11 letters/)
    const badName = await taube('create', '--account', account, '--name', 'tab\there')
    assert.equal(badName.code, 1)
    assert.match(badName.stderr, /name: /)
    const noAccount = await taube('create', '--account', '99999', '--name', 'X')
    assert.equal(noAccount.code, 1)
    assert.match(noAccount.stderr, /Account 99999 not found/)
    const noApp = await taube('preset-list', '--account', account, '--application', 'AAAAA-AAAAA')
    assert.equal(noApp.code, 1)
    assert.match(noApp.stderr, /Pushwoosh application AAAAA-AAAAA not found/)
  })
})
