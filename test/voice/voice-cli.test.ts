// Runs the built `taube` (npm run build first).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { runTaube } from '../helpers/cli.js'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js'

describe('taube account: the default voice language', () => {
  let database: TestDatabase
  let env: Record<string, string>
  before(async () => {
    database = await createTestDatabase()
    env = { TAUBE_DATABASE_URL: database.url, TAUBE_LOG_LEVEL: 'warn' }
    const migrated = await runTaube(['migrate'], env)
    assert.equal(migrated.code, 0, migrated.stderr)
  })
  after(() => database?.drop())

  it('is set at creation and changed or cleared later', async () => {
    const created = await runTaube(
      ['account', 'create', '--name', 'Voice', '--voice-lang', 'FR', '--json'],
      env,
    )
    assert.equal(created.code, 0, created.stderr)
    const account = JSON.parse(created.stdout)
    assert.equal(account.voice_lang, 'FR')
    const id = String(account.id)

    const set = await runTaube(['account', 'voice-lang', '--id', id, '--lang', 'IT', '--json'], env)
    assert.equal(set.code, 0, set.stderr)
    assert.equal(JSON.parse(set.stdout).voice_lang, 'IT')
    const auto = await runTaube(
      ['account', 'voice-lang', '--id', id, '--lang', 'auto', '--json'],
      env,
    )
    assert.equal(JSON.parse(auto.stdout).voice_lang, null)

    const bad = await runTaube(['account', 'voice-lang', '--id', id, '--lang', 'RU'], env)
    assert.notEqual(bad.code, 0)
    assert.match(bad.stderr, /--lang "RU" is not allowed: use one of DE, EN, FR, IT, ES, auto/)
    const none = await runTaube(['account', 'voice-lang', '--id', '4242424', '--lang', 'DE'], env)
    assert.notEqual(none.code, 0)
    assert.match(none.stderr, /Account 4242424 not found/)
  })
})
