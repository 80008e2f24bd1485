import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'
import { once } from 'node:events'
import { BIN, runTaube, startTaube } from '../helpers/cli.js'
import { http } from '../helpers/http.js'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js'

const SMS = { text: 'Hello from Taube', sender_id: 'Taube', phone: '+491701234567' }

describe('taube serve on a port in use', () => {
  const ADMIN = 'port-in-use-admin-token'
  let database: TestDatabase
  let env: Record<string, string>
  const holder = createServer()
  let port = 0
  before(async () => {
    database = await createTestDatabase()
    holder.listen(0, '127.0.0.1')
    await once(holder, 'listening')
    port = (holder.address() as AddressInfo).port
    env = { TAUBE_DATABASE_URL: database.url, TAUBE_HOST: '127.0.0.1', TAUBE_LOG_LEVEL: 'warn' }
  })
  after(async () => {
    holder.close()
    await database?.drop()
  })

  it('exits non-zero, saying which address is taken and which variables choose another', async () => {
    // Bounded like a start under load: a process left running fails the test instead of hanging.
    const run = await runTaube(
      ['serve'],
      { ...env, TAUBE_PORT: String(port) },
      { timeoutMs: 60_000 },
    )
    assert.notEqual(run.code, 0, run.stdout + run.stderr)
    assert.match(
      run.stderr,
      new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the address is already in use`),
    )
    assert.match(run.stderr, /TAUBE_HOST/)
    assert.match(run.stderr, /TAUBE_PORT/)
    assert.doesNotMatch(
      run.stdout,
      /X-LOX24-AUTH-TOKEN/,
      'no key is printed by a start that failed',
    )
  })

  it('shows the demo key on the next start of the fresh database', async () => {
    const taube = await startTaube({ ...env, TAUBE_PORT: '0', TAUBE_ADMIN_TOKEN: ADMIN })
    try {
      const m = /X-LOX24-AUTH-TOKEN: (\d+:[a-z0-9]{32})/.exec(taube.output())
      assert.ok(m, taube.output())
      const me = await http(taube.url, '/me', { token: m[1]! })
      assert.equal(me.status, 200, me.text)
      const sent = await http(taube.url, '/sms', { token: m[1]!, body: SMS })
      assert.equal(sent.status, 201, sent.text)
      // One catch-all route to the simulator, though the failed start had prepared it already.
      const routes = await http(taube.url, '/admin/routes', {
        headers: { Authorization: `Bearer ${ADMIN}` },
      })
      assert.equal(routes.status, 200, routes.text)
      const members: { connector_ids: string[] }[] = routes.body.routes
      assert.deepEqual(
        members.map((r) => r.connector_ids),
        [['simulator']],
        routes.text,
      )
    } finally {
      assert.equal(await taube.stop(), 0)
    }
  })
})

describe('taube serve on a fresh machine', () => {
  let database: TestDatabase
  let env: Record<string, string>
  before(async () => {
    database = await createTestDatabase()
    env = { TAUBE_DATABASE_URL: database.url }
  })
  after(() => database?.drop())

  let token = ''
  let uuid = ''

  it('creates the database, prints a bootstrap key once, and sends with it', async () => {
    const taube = await startTaube(env)
    try {
      const m = /X-LOX24-AUTH-TOKEN: (\d+:[a-z0-9]{32})/.exec(taube.output())
      assert.ok(m, taube.output())
      token = m[1]!
      const sent = await http(taube.url, '/sms', { token, body: SMS })
      assert.equal(sent.status, 201, sent.text)
      uuid = sent.body.uuid
      const got = await http(taube.url, `/sms/${uuid}`, { token })
      assert.equal(got.status, 200)
      assert.equal(got.body.phone, SMS.phone)
      assert.equal((await http(taube.url, '/healthz')).body.status, 'ok')
    } finally {
      assert.equal(await taube.stop(), 0, 'SIGTERM ends the process cleanly')
    }
  })

  it('keeps data and prints no new key after a restart', async () => {
    // A mistyped variable is named once at start, with the name meant; the test's own are not.
    const taube = await startTaube({ ...env, TAUBE_LOG_REQUEST: '1', TAUBE_TEST_SOMETHING: '1' })
    try {
      assert.doesNotMatch(taube.output(), /X-LOX24-AUTH-TOKEN/)
      const warnings = taube.output().match(/TAUBE_LOG_REQUEST is not a Taube variable[^"]*/g) ?? []
      assert.equal(warnings.length, 1, taube.output())
      assert.match(warnings[0]!, /did you mean TAUBE_LOG_REQUESTS\?/)
      assert.doesNotMatch(taube.output(), /TAUBE_TEST_/)
      const got = await http(taube.url, `/sms/${uuid}`, { token })
      assert.equal(got.status, 200)
    } finally {
      await taube.stop()
    }
  })

  it('manages accounts and keys from the command line', async () => {
    const created = await runTaube(
      ['account', 'create', '--name', 'ACME', '--country', 'AT', '--balance', '5', '--json'],
      env,
    )
    assert.equal(created.code, 0, created.stderr)
    const account = JSON.parse(created.stdout)
    assert.equal(account.balance, 5)
    assert.equal(account.country, 'AT')
    const key = await runTaube(
      ['key', 'create', '--account', String(account.id), '--name', 'shop', '--json'],
      env,
    )
    assert.equal(key.code, 0, key.stderr)
    const { auth_header, id: keyId } = JSON.parse(key.stdout)
    const list = await runTaube(['account', 'list', '--json'], env)
    assert.equal(JSON.parse(list.stdout).length, 2)
    // Without --json, a table: a header line, then one line per account.
    const table = await runTaube(['account', 'list'], env)
    assert.equal(table.code, 0, table.stderr)
    const lines = table.stdout.trimEnd().split('\n')
    assert.match(
      lines[0]!,
      /^id +name +country +currency +billing_mode +balance +credit_limit +status$/,
    )
    assert.equal(lines.length, 3)
    assert.match(
      table.stdout,
      new RegExp(`^${account.id} +ACME +AT +EUR +prepaid +5 +0 +active$`, 'm'),
    )
    const keys = await runTaube(['key', 'list', '--account', String(account.id), '--json'], env)
    assert.doesNotMatch(
      keys.stdout,
      new RegExp(auth_header.split(':')[1]),
      'tokens are never listed',
    )

    const taube = await startTaube(env)
    try {
      // A national number resolves through the account's country (AT).
      const sent = await http(taube.url, '/sms', {
        token: auth_header,
        body: { ...SMS, phone: '06641234567' },
      })
      assert.equal(sent.status, 201, sent.text)
      assert.equal(sent.body.phone, '+436641234567')
      const disabled = await runTaube(['key', 'disable', '--id', String(keyId), '--json'], env)
      assert.equal(JSON.parse(disabled.stdout).isActive, false)
      // Another process changed the key: this server's short key cache lets it go within seconds.
      let status = 0
      for (let i = 0; i < 50 && status !== 403; i++) {
        status = (await http(taube.url, '/me', { token: auth_header })).status
        if (status !== 403) await new Promise((r) => setTimeout(r, 200))
      }
      assert.equal(status, 403)
    } finally {
      await taube.stop()
    }
  })

  it('manages inbound numbers from the command line', async () => {
    const account = JSON.parse(
      (await runTaube(['account', 'create', '--name', 'Inbound', '--json'], env)).stdout,
    )
    const added = await runTaube(
      ['number', 'add', '--number', '004915790000077', '--account', String(account.id), '--json'],
      env,
    )
    assert.equal(added.code, 0, added.stderr)
    const number = JSON.parse(added.stdout)
    assert.equal(number.number, '+4915790000077')
    const twice = await runTaube(
      ['number', 'add', '--number', '+4915790000077', '--account', String(account.id)],
      env,
    )
    assert.equal(twice.code, 1)
    assert.match(twice.stderr, /already assigned/)
    const set = await runTaube(
      ['number', 'set', '--id', String(number.id), '--endpoint', 'ops@example.com', '--json'],
      env,
    )
    assert.equal(JSON.parse(set.stdout).endpoint, 'ops@example.com')
    const listed = JSON.parse(
      (await runTaube(['number', 'list', '--account', String(account.id), '--json'], env)).stdout,
    )
    assert.deepEqual(
      listed.map((n: { number: string }) => n.number),
      ['+4915790000077'],
    )
    assert.equal((await runTaube(['number', 'remove', '--id', String(number.id)], env)).code, 0)
    assert.deepEqual(JSON.parse((await runTaube(['number', 'list', '--json'], env)).stdout), [])
    assert.equal(
      (await runTaube(['number', 'add', '--number', '+4915790000078'], env)).code,
      2,
      'no account: usage',
    )
  })

  it('verifies sender numbers for an account from the command line', async () => {
    const account = JSON.parse(
      (await runTaube(['account', 'create', '--name', 'Senders', '--json'], env)).stdout,
    )
    const verified = await runTaube(
      [
        'number',
        'verify',
        '--number',
        '004930555000111',
        '--account',
        String(account.id),
        '--json',
      ],
      env,
    )
    assert.equal(verified.code, 0, verified.stderr)
    const sender = JSON.parse(verified.stdout)
    assert.deepEqual(
      [sender.number, sender.status, sender.verified_by],
      ['+4930555000111', 'verified', 'operator'],
    )
    const twice = await runTaube(
      ['number', 'verify', '--number', '+4930555000111', '--account', String(account.id)],
      env,
    )
    assert.equal(twice.code, 1)
    assert.match(twice.stderr, /verified already/)
    const listed = JSON.parse(
      (await runTaube(['number', 'senders', '--account', String(account.id), '--json'], env))
        .stdout,
    )
    assert.deepEqual(
      listed.map((n: { id: number }) => n.id),
      [sender.id],
    )
    assert.equal((await runTaube(['number', 'unverify', '--id', String(sender.id)], env)).code, 0)
    assert.deepEqual(
      JSON.parse(
        (await runTaube(['number', 'senders', '--account', String(account.id), '--json'], env))
          .stdout,
      ),
      [],
    )
  })

  it('runs as a command of its own, through its first line', async () => {
    const run = spawnSync(BIN, ['frobnicate'], { encoding: 'utf8' })
    assert.equal(run.status, 2, run.stderr)
    assert.match(run.stderr, /usage:/)
  })

  it('rejects bad usage and bad configuration clearly', async () => {
    const usage = await runTaube(['key', 'create'], env)
    assert.equal(usage.code, 2)
    assert.match(usage.stderr, /usage:/)
    const unknown = await runTaube(['frobnicate'], env)
    assert.equal(unknown.code, 2)
    const badRole = await runTaube(['serve', '--role', 'everything'], env)
    assert.equal(badRole.code, 2)
    assert.match(badRole.stderr, /--role/)
    const badPort = await runTaube(['serve'], { ...env, TAUBE_PORT: 'eighty' })
    assert.equal(badPort.code, 1)
    assert.match(badPort.stderr, /TAUBE_PORT="eighty" is not allowed/)
  })

  it('refuses to serve with bad variables, naming each on stderr without a stack trace', async () => {
    const bad = { TAUBE_LOG_REQUESTS: 'enable', TAUBE_WEBHOOK_RETRY_S: '60,soon,1800' }
    const run = await runTaube(
      ['serve'],
      { ...env, ...bad, TAUBE_PORT: '0' },
      { timeoutMs: 60_000 },
    )
    assert.equal(run.code, 1, run.stdout + run.stderr)
    assert.match(run.stderr, /TAUBE_LOG_REQUESTS="enable" is not allowed: use 1\/0, true\/false/)
    assert.match(
      run.stderr,
      /TAUBE_WEBHOOK_RETRY_S="60,soon,1800" is not allowed: .* e\.g\. TAUBE_WEBHOOK_RETRY_S=60,300,1800/,
    )
    assert.doesNotMatch(run.stderr, /webhookRetryS|\n\s+at /)
    assert.doesNotMatch(run.stdout, /listening on/)
  })
})

describe('taube serve with TAUBE_BOOTSTRAP_TOKEN', () => {
  it('creates the demo account with the given key', async () => {
    const database = await createTestDatabase()
    const taube = await startTaube({
      TAUBE_DATABASE_URL: database.url,
      TAUBE_BOOTSTRAP_TOKEN: '7654321:0123456789abcdef0123456789abcdef',
    })
    try {
      assert.doesNotMatch(taube.output(), /X-LOX24-AUTH-TOKEN: 7654321/)
      const me = await http(taube.url, '/me', { token: '7654321:0123456789abcdef0123456789abcdef' })
      assert.equal(me.status, 200)
      assert.equal(me.body.id, 7654321)
      assert.equal(me.body.balance_amount, 100)
      assert.equal(me.body.currency, 'EUR')
    } finally {
      await taube.stop()
      await database.drop()
    }
  })
})
