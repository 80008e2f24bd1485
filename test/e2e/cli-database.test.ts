import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runTaube } from '../helpers/cli.js'
import { waitFor } from '../helpers/wait-for.js'

// These are about SQLite files and about a PostgreSQL server that is not there, whatever store
// the rest of the suite runs on.

describe('taube with a database it cannot open', () => {
  let port = 0
  before(async () => {
    // A loopback port that nothing listens on: taken, then given back.
    const server = createServer().listen(0, '127.0.0.1')
    await once(server, 'listening')
    port = (server.address() as AddressInfo).port
    server.close()
    await once(server, 'close')
  })

  it('says in one line that PostgreSQL cannot be reached, naming TAUBE_DATABASE_URL without the password', async () => {
    const env = { TAUBE_DATABASE_URL: `postgres://taube:s3cret-pw@127.0.0.1:${port}/taube` }
    for (const args of [['account', 'list'], ['migrate'], ['serve', '--port', '0']]) {
      const run = await runTaube(args, env, { timeoutMs: 60_000 })
      const name = `taube ${args.join(' ')}`
      assert.equal(run.code, 1, `${name}: ${run.stdout}${run.stderr}`)
      assert.equal(run.stderr.trim().split('\n').length, 1, `${name}: one line\n${run.stderr}`)
      assert.match(
        run.stderr,
        new RegExp(
          `TAUBE_DATABASE_URL \\(postgres at 127\\.0\\.0\\.1:${port}, database taube, user taube\\): the connection was refused`,
        ),
      )
      assert.doesNotMatch(run.stderr, /s3cret-pw/)
      assert.equal(run.stdout, '', name)
    }
  })

  it('refuses a SQLite file in a folder that does not exist, and makes none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taube-cli-db-'))
    try {
      const folder = join(dir, 'no-such-folder')
      const env = { TAUBE_DATABASE_URL: `sqlite:${join(folder, 'taube.db')}` }
      for (const args of [['account', 'list'], ['migrate'], ['serve', '--port', '0']]) {
        const run = await runTaube(args, env, { timeoutMs: 60_000 })
        assert.equal(run.code, 1, `taube ${args.join(' ')}: ${run.stdout}${run.stderr}`)
        assert.match(
          run.stderr,
          new RegExp(
            `TAUBE_DATABASE_URL=sqlite:.*: the folder ${folder} does not exist; create it`,
          ),
        )
        assert.equal(existsSync(folder), false)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('makes ./data for the default database, as a first start needs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taube-cli-db-'))
    try {
      // Empty means the default, as for every variable; the default spelled out is the default.
      for (const [url, sub] of [
        ['', 'empty'],
        ['sqlite:./data/taube.db', 'spelled'],
      ] as const) {
        const cwd = join(dir, sub)
        mkdirSync(cwd)
        const run = await runTaube(['migrate', '--json'], { TAUBE_DATABASE_URL: url }, { cwd })
        assert.equal(run.code, 0, run.stderr)
        assert.ok(existsSync(join(cwd, 'data', 'taube.db')), url)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('taube migrate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taube-cli-db-'))
  const env = { TAUBE_DATABASE_URL: `sqlite:${join(dir, 'taube.db')}` }
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('shows each migration on stderr as it applies it, and what it applied as JSON on stdout', async () => {
    const first = await runTaube(['migrate', '--json'], env)
    assert.equal(first.code, 0, first.stderr)
    const { applied } = JSON.parse(first.stdout) as { applied: string[] }
    assert.ok(applied.length > 1)
    assert.equal(applied[0], '0001_core')
    const progress = first.stderr.trim().split('\n')
    assert.deepEqual(
      progress,
      applied.map((name, i) => `applying migration ${i + 1}/${applied.length}: ${name}`),
    )

    const again = await runTaube(['migrate'], env)
    assert.equal(again.code, 0, again.stderr)
    assert.equal(again.stderr, '')
    assert.match(again.stdout, /^the database is up to date; no migration was pending\n$/)
  })
})

describe('a command while another process writes to the SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taube-cli-db-'))
  const file = join(dir, 'taube.db')
  const env = { TAUBE_DATABASE_URL: `sqlite:${file}` }
  after(() => rmSync(dir, { recursive: true, force: true }))

  /** Whether process `pid` has `path` open (Linux). */
  function holdsOpen(pid: number, path: string): boolean {
    try {
      return readdirSync(`/proc/${pid}/fd`).some((fd) => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`) === path
        } catch {
          return false
        }
      })
    } catch {
      return false
    }
  }

  it('waits for the write transaction to end instead of failing with "database is locked"', async () => {
    assert.equal((await runTaube(['migrate'], env)).code, 0)
    // A writer that holds its transaction until told to commit.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1])
        db.exec('create table if not exists holder (n integer)')
        db.exec('begin immediate')
        db.exec('insert into holder values (1)')
        console.log('held')
        process.stdin.once('data', () => { db.exec('commit'); console.log('committed'); db.close() })`,
        file,
      ],
      { cwd: join(import.meta.dirname, '..', '..') },
    )
    const events: string[] = []
    let out = ''
    holder.stdout.on('data', (d) => {
      out += d
      if (/committed/.test(out) && !events.includes('committed')) events.push('committed')
    })
    try {
      await waitFor('the holder to take the write lock', () => /held/.test(out), 30_000)
      let cli = 0
      const run = runTaube(['account', 'create', '--name', 'Waiter', '--json'], env, {
        timeoutMs: 60_000,
        onSpawn: (child) => (cli = child.pid!),
      }).then((r) => {
        events.push('cli done')
        return r
      })
      // Once the command has opened the file it reaches its write soon after; before the fix it
      // failed at once there. The holder lets go a while later.
      await waitFor(
        'the command to open the database',
        () => holdsOpen(cli, file) || events.includes('cli done'),
        30_000,
      )
      await new Promise((r) => setTimeout(r, 3000))
      holder.stdin.write('commit\n')
      const result = await run
      assert.equal(result.code, 0, result.stderr)
      assert.equal(JSON.parse(result.stdout).name, 'Waiter')
      assert.deepEqual(
        events,
        ['committed', 'cli done'],
        'the command finished after the other transaction',
      )
    } finally {
      holder.kill()
    }
  })
})
