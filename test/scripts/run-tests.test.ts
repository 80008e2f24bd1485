// scripts/run-tests.js starts a PostgreSQL of its own when the run needs one and none is given
// (TAUBE_TEST_PG_URL unset), and removes it when the run ends or is stopped.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { waitFor } from '../helpers/wait-for.js'

const ROOT = join(import.meta.dirname, '../..')
const PG_PROBE = 'test/scripts/fixtures/postgres-probe.ts'
const STORE_PROBE = 'test/scripts/fixtures/store-probe.ts'

type Probe = Record<string, unknown>
type Run = { code: number | null; output: string; probe: Probe | null }

/** The runner on `file` with no PostgreSQL given, whatever this run was given. */
function startRunner(file: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'taube-runner-'))
  const out = join(dir, 'probe.json')
  const childEnv: Record<string, string | undefined> = { ...process.env, PROBE_OUT: out, ...env }
  delete childEnv.TAUBE_TEST_PG_URL
  if (env.TAUBE_TEST_DATABASE === undefined) delete childEnv.TAUBE_TEST_DATABASE
  delete childEnv.TAUBE_TEST_FAILURES_FILE
  // Set for the files of this run: a runner started with it reports to this one instead.
  delete childEnv.NODE_TEST_CONTEXT
  const child = spawn(process.execPath, ['scripts/run-tests.js', file], {
    cwd: ROOT,
    env: childEnv,
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const probe = () => (existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Probe) : null)
  const done = (async (): Promise<Run> => {
    // 'close': the output is all read.
    const [code] = (await once(child, 'close')) as [number | null]
    const run = { code, output, probe: probe() }
    rmSync(dir, { recursive: true, force: true })
    return run
  })()
  return { child, done, probe, output: () => output }
}

/** The data folder the runner named for the server it started. */
function dataDir(output: string): string {
  const m = /PostgreSQL .* data in (\S+)/.exec(output)
  assert.ok(m, `the runner names the server it started:\n${output}`)
  return m[1]!
}

async function refused(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
    await client.end()
    return false
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ECONNREFUSED'
  }
}

describe('the test runner and PostgreSQL', () => {
  it('starts a PostgreSQL on a port of its own for a file that needs one', async () => {
    const run = await startRunner(PG_PROBE).done
    assert.equal(run.code, 0, run.output)
    const probe = run.probe!
    const url = new URL(String(probe.url))
    assert.equal(url.hostname, '127.0.0.1')
    assert.notEqual(url.port, '5432')
    assert.equal(url.username, 'taube')
    assert.equal(probe.usr, 'taube')
    // Code point order and Unicode case, as on the cluster of .ci/run (C.UTF-8) and in SQLite.
    assert.deepEqual(probe.order, ['B', 'Z', 'a', 'b', 'ä'])
    assert.equal(probe.upper, 'STRAßE Ä')
    const dir = dataDir(run.output)
    assert.equal(existsSync(dir), false, `${dir} is removed`)
    assert.equal(await refused(String(probe.url)), true, 'the server is gone')
  })

  it('starts one for a run on PostgreSQL, for files that name none', async () => {
    const run = await startRunner(STORE_PROBE, { TAUBE_TEST_DATABASE: 'postgres' }).done
    assert.equal(run.code, 0, run.output)
    assert.equal(run.probe!.dialect, 'postgres')
    assert.equal(await refused(String(run.probe!.pgUrl)), true)
    assert.equal(existsSync(dataDir(run.output)), false)
  })

  it('starts none for a run on SQLite whose files need none', async () => {
    const run = await startRunner(STORE_PROBE).done
    assert.equal(run.code, 0, run.output)
    assert.deepEqual(run.probe, { dialect: 'sqlite', pgUrl: null })
    assert.doesNotMatch(run.output, /PostgreSQL .* data in/)
  })

  it('stops the server and removes its data when the run is stopped with SIGTERM', async (t) => {
    const runner = startRunner(PG_PROBE, { PROBE_HOLD: '1' })
    t.after(() => runner.child.kill('SIGTERM'))
    const connected = () => runner.probe() ?? undefined
    const probe = await waitFor('the probe to connect', connected, 60_000, 50)
    const dir = dataDir(runner.output())
    assert.equal(existsSync(dir), true)
    runner.child.kill('SIGTERM')
    const run = await runner.done
    assert.equal(run.code, 143, run.output)
    assert.equal(existsSync(dir), false, `${dir} is removed`)
    assert.equal(await refused(String(probe.url)), true, 'the server is gone')
  })

  it('a file that needs PostgreSQL, run without the runner and without one, fails', async () => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      PROBE_OUT: join(tmpdir(), 'unused.json'),
    }
    delete env.TAUBE_TEST_PG_URL
    delete env.NODE_TEST_CONTEXT
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=tap', PG_PROBE],
      {
        cwd: ROOT,
        env,
      },
    )
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    const [code] = await once(child, 'exit')
    assert.equal(code, 1, output)
    assert.match(output, /TAUBE_TEST_PG_URL/)
    assert.match(output, /# fail 1/)
  })
})
