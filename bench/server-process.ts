import { appendFileSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { startSmscSim } from '../src/smsc-sim/smsc-sim.js'
import { killOnExit, removeOnExit } from './leftovers.js'

export const BENCH_TOKEN = '7000001:benchbenchbenchbenchbenchbench00'
export const BENCH_ADMIN = 'bench-admin-token-0123456789'

/** The carrier of the benchmarks: our simulator, receipts at once, nothing kept. */
export function startBenchSmsc() {
  return startSmscSim({
    port: 0,
    systemId: 'bench',
    password: 'bench',
    dlrDelayMs: 0,
    keepMessages: false,
  })
}

export type BenchServer = { url: string; pid: number; stop: () => Promise<void> }
/** Several gateway processes over one database; `url` is the API node's. */
export type BenchCluster = {
  url: string
  pids: number[]
  databaseUrl: string
  stop: () => Promise<void>
}

/**
 * The built gateway as its own process, on a fresh SQLite file (or the database that `env`
 * names), as an operator would run it.
 */
export async function startBenchServer(
  env: Record<string, string> = {},
  role: 'all' | 'api' | 'events' = 'all',
): Promise<BenchServer> {
  // A folder of its own only for a database of its own.
  const dir = env.TAUBE_DATABASE_URL ? null : mkdtempSync(join(tmpdir(), 'taube-bench-'))
  const leftover = dir ? removeOnExit(dir) : null
  const server = await spawnServer(role, {
    ...(dir ? { TAUBE_DATABASE_URL: `sqlite:${join(dir, 'taube.db')}` } : {}),
    ...env,
  })
  // Only a role that serves the API takes the top-up.
  if (role !== 'events') await topUp(server.url)
  return {
    url: server.url,
    pid: server.pid,
    async stop() {
      await server.stop()
      if (dir) rmSync(dir, { recursive: true, force: true })
      leftover?.forget()
    },
  }
}

/**
 * An API process and `dispatchers` dispatcher processes over a fresh PostgreSQL database on the
 * server of BENCH_PG_URL (its role needs CREATEDB).
 */
export async function startBenchCluster(dispatchers: number): Promise<BenchCluster> {
  const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://taube:taube@127.0.0.1:5432/postgres'
  const name = `taube_bench_${process.pid}`
  await withPg(adminUrl, async (c) => {
    await c.query(`drop database if exists ${name} with (force)`)
    await c.query(`create database ${name}`)
  })
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const env = { TAUBE_DATABASE_URL: url.toString() }
  const api = await spawnServer('api', env)
  const workers: Awaited<ReturnType<typeof spawnServer>>[] = []
  for (let i = 0; i < dispatchers; i++) workers.push(await spawnServer('dispatcher', env))
  await topUp(api.url)
  return {
    url: api.url,
    pids: [api.pid, ...workers.map((w) => w.pid)],
    databaseUrl: url.toString(),
    async stop() {
      for (const p of [...workers, api]) await p.stop()
      // A backend of another role (autovacuum, after 100,000 rows) can keep the drop from
      // cutting it off: try again, and leave the database behind rather than the figures.
      for (let attempt = 1; ; attempt++) {
        try {
          await withPg(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`))
          return
        } catch (err) {
          if (attempt === 10) return console.warn(`database ${name} not dropped: ${String(err)}`)
          await new Promise((r) => setTimeout(r, 1_000))
        }
      }
    },
  }
}

export async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

async function spawnServer(role: string, env: Record<string, string>) {
  // Diagnostics: BENCH_PROFILE_DIR=… writes a V8 CPU profile of the server there when it stops;
  // BENCH_NODE_FLAGS adds node flags (say --trace-gc), BENCH_SERVER_LOG=file keeps its stdout.
  const profile = process.env.BENCH_PROFILE_DIR
  const args = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []
  args.push(...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean))
  // As bin/taube.js and `npm start` run it (see docs/decisions.md).
  const child = spawn(
    process.execPath,
    ['--v8-pool-size=0', ...args, 'bin/taube.js', 'serve', '--role', role],
    {
      env: {
        ...process.env,
        TAUBE_PORT: '0',
        TAUBE_LOG_LEVEL: 'warn',
        TAUBE_BOOTSTRAP_TOKEN: BENCH_TOKEN,
        TAUBE_ADMIN_TOKEN: BENCH_ADMIN,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  killOnExit(child)
  let out = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      if (process.env.BENCH_SERVER_LOG) appendFileSync(process.env.BENCH_SERVER_LOG, d)
      out += d
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m) resolve(m[1]!)
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)))
  })
  return {
    url,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  }
}

async function topUp(url: string): Promise<void> {
  const userId = BENCH_TOKEN.split(':')[0]
  const r = await fetch(`${url}/admin/accounts/${userId}/topups`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${BENCH_ADMIN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ amount: '10000000' }),
  })
  if (r.status !== 200) throw new Error(`top-up failed: ${r.status}`)
}

/**
 * Sends every message of the gateway at `url` to one SMPP connector `smsc`: the simulator on
 * loopback, bound as bench/bench.
 */
export async function routeToSmsc(
  url: string,
  smsc: { port: number; sessions: number; window: number },
): Promise<void> {
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${BENCH_ADMIN}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  const put = await admin('PUT', '/admin/connectors/smsc', {
    kind: 'smpp',
    config: { host: '127.0.0.1', systemId: 'bench', password: 'bench', ...smsc },
  })
  if (put.status !== 200) throw new Error(`connector: ${await put.text()}`)
  const { routes } = (await (await admin('GET', '/admin/routes')).json()) as {
    routes: { id: string }[]
  }
  for (const r of routes) await (await admin('DELETE', `/admin/routes/${r.id}`)).text()
  const route = await admin('POST', '/admin/routes', { connector_ids: ['smsc'] })
  if (route.status !== 201 && route.status !== 200) throw new Error(`route: ${await route.text()}`)
}
