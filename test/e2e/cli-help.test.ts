import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { COMMANDS } from '../../src/cli/index.js'
import { runTaube } from '../helpers/cli.js'

// Nothing here may open the database: help and usage errors come before it. The folder exists, so
// a command that did open it would leave the file behind.
const dir = mkdtempSync(join(tmpdir(), 'taube-cli-help-'))
const DB_FILE = join(dir, 'taube.db')
const env = { TAUBE_DATABASE_URL: `sqlite:${DB_FILE}` }

/** Every command and subcommand the command line declares. */
const PATHS: string[][] = COMMANDS.flatMap((c) =>
  'action' in c ? [[c.name]] : [[c.name], ...Object.keys(c.subcommands).map((s) => [c.name, s])],
)

/** Runs a few at a time: two cores, and each start loads the program. */
async function inBatches<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < items.length; i += n)
    out.push(...(await Promise.all(items.slice(i, i + n).map(fn))))
  return out
}

describe('taube --help', () => {
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('prints help for every command and subcommand on stdout and exits 0, touching no database', async () => {
    const runs = await inBatches(PATHS, 3, async (path) => ({
      path,
      run: await runTaube([...path, '--help'], env),
    }))
    for (const { path, run } of runs) {
      const name = `taube ${path.join(' ')}`
      assert.equal(run.code, 0, `${name} --help: ${run.stderr}`)
      assert.equal(run.stderr, '', name)
      assert.ok(run.stdout.startsWith(`usage: ${name}`), `${name} --help:\n${run.stdout}`)
    }
    assert.equal(
      existsSync(DB_FILE),
      false,
      'no --help opened the database (migrate --help ran no migration)',
    )
  })

  it('describes each option of a subcommand with what it takes', async () => {
    for (const c of COMMANDS) {
      const actions = 'action' in c ? { '': c.action } : c.subcommands
      for (const [sub, a] of Object.entries(actions)) {
        if (sub !== 'create' && c.name !== 'connector') continue
        const run = await runTaube([c.name, ...(sub ? [sub] : []), '-h'], env)
        assert.equal(run.code, 0, run.stderr)
        for (const option of Object.keys(a.options))
          assert.match(run.stdout, new RegExp(`--${option}\\b`))
        if (a.json !== false) assert.match(run.stdout, /--json/)
      }
    }
  })

  it('lists the commands for taube, taube --help and taube help, and help for taube help <command>', async () => {
    for (const args of [[], ['--help'], ['-h'], ['help']]) {
      const run = await runTaube(args, env)
      assert.equal(run.code, 0, run.stderr)
      for (const c of COMMANDS) assert.match(run.stdout, new RegExp(`^  ${c.name} `, 'm'))
    }
    const viaHelp = await runTaube(['help', 'account', 'create'], env)
    const direct = await runTaube(['account', 'create', '--help'], env)
    assert.equal(viaHelp.code, 0)
    assert.equal(viaHelp.stdout, direct.stdout)
  })

  it('names every connector kind, http included', async () => {
    const run = await runTaube(['connector', 'put', '--help'], env)
    assert.match(run.stdout, /--kind simulator\|smpp\|http/)
  })
})

describe('taube with bad options', () => {
  // [arguments, what stderr names]; each exits 2 with nothing on stdout.
  const CASES: [string[], RegExp][] = [
    [
      ['account', 'create', '--name', 'ACME', '--id', 'abc'],
      /--id "abc" is not allowed: use a whole number from 1 to \d+, e.g. --id \d+/,
    ],
    [['account', 'topup', '--id', 'abc', '--amount', '5'], /--id "abc" is not allowed/],
    [
      ['account', 'create', '--name', 'ACME', '--country', 'ZZ'],
      /--country "ZZ" is not allowed: use a two-letter country code .*e\.g\. --country DE/,
    ],
    [
      ['account', 'create', '--name', 'ACME', '--currency', 'EURO'],
      /--currency "EURO" is not allowed/,
    ],
    [
      ['account', 'create', '--name', 'ACME', '--balance', 'ten'],
      /--balance "ten" is not allowed: use a decimal amount/,
    ],
    [
      ['account', 'create', '--name', 'ACME', '--credit-limit', '5'],
      /--credit-limit needs --postpaid/,
    ],
    [['account', 'create', '--name'], /--name needs a value/],
    [['account', 'create', '--name', '--country', 'DE'], /--name needs a value/],
    [['account', 'create'], /--name is required/],
    [['account', 'topup', '--id', '1234567'], /--amount is required/],
    [['account', 'topup', '--id', '1234567', '--amount', '0'], /--amount "0" is not allowed/],
    [['account', 'list', '--frob'], /unknown option --frob; this command takes --help, --json/],
    [['account', 'list', 'extra'], /unexpected argument "extra"/],
    [
      ['account', 'frob'],
      /unknown subcommand "frob" of taube account; use one of create, list, topup/,
    ],
    [['account'], /taube account needs a subcommand/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [
      ['key', 'create', '--account', '1234567', '--type', 'v3'],
      /--type "v3" is not allowed: use one of v2, kannel, email2sms, seven/,
    ],
    [
      ['key', 'create', '--account', '1234567', '--ip', '10.0.0.0/33'],
      /--ip "10\.0\.0\.0\/33" is not allowed/,
    ],
    [['key', 'disable', '--id', '-3'], /--id needs a value|--id "-3" is not allowed/],
    [
      ['connector', 'put', '--id', 'a', '--kind', 'kannel', '--config', '{}'],
      /--kind "kannel" is not allowed: use one of simulator, smpp, http/,
    ],
    [
      ['connector', 'put', '--id', 'a', '--kind', 'http', '--config', '{'],
      /--config "\{" is not allowed: it is not valid JSON/,
    ],
    [['connector', 'put', '--id', 'a', '--kind', 'http'], /give either --config or --config-file/],
    [
      ['connector', 'put', '--id', 'a', '--kind', 'http', '--config-file', '/nonexistent.json'],
      /--config-file .* cannot read it \(ENOENT\)/,
    ],
    [
      ['connector', 'put', '--id', 'Bad Id', '--kind', 'http', '--config', '{}'],
      /--id "Bad Id" is not allowed: use a connector id/,
    ],
    [
      ['route', 'add', '--connectors', 'a', '--service', 'cheap'],
      /--service "cheap" is not allowed: use one of direct, economy, pro/,
    ],
    [['route', 'remove', '--id', 'x'], /--id "x" is not allowed/],
    [['number', 'add', '--number', '+4915790000078'], /--account is required/],
    [['number', 'set', '--id', '3'], /give --account, --endpoint or both/],
    [['ip', 'unblock'], /give either an ADDRESS or --account USER_ID/],
    [
      ['ip', 'unblock', 'not-an-ip'],
      /ADDRESS "not-an-ip" is not allowed: use an IPv4 or IPv6 address/,
    ],
    [
      ['serve', '--role', 'everything'],
      /--role "everything" is not allowed: use one of all, api, dispatcher, events/,
    ],
    [
      ['serve', '--port', 'eighty'],
      /--port "eighty" is not allowed: use a whole number from 0 to 65535/,
    ],
    [['smsc-sim', '--port', '70000'], /--port "70000" is not allowed/],
    [
      ['smsc-sim', '--dlr-mix', 'lost=1'],
      /--dlr-mix "lost=1" is not allowed: .*outcomes: delivered/,
    ],
    [
      ['smsc-sim', '--tls-key', '/nonexistent.pem'],
      /--tls-key .* cannot read it|--tls-key and --tls-cert go together/,
    ],
    [['migrate', '--frob'], /unknown option --frob/],
  ]

  it('names the option, what was given and what is allowed, on stderr with exit 2', async () => {
    const runs = await inBatches(CASES, 3, async ([args, expected]) => ({
      args,
      expected,
      run: await runTaube(args, env),
    }))
    for (const { args, expected, run } of runs) {
      const name = `taube ${args.join(' ')}`
      assert.equal(run.code, 2, `${name}: ${run.stdout}${run.stderr}`)
      assert.match(run.stderr, expected, name)
      assert.equal(run.stdout, '', name)
      assert.doesNotMatch(run.stderr, /\n\s+at /, `${name}: no stack trace`)
    }
    assert.equal(existsSync(DB_FILE), false, 'no refused command opened the database')
  })
})
