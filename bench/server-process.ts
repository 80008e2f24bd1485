import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const BENCH_TOKEN = '7000001:benchbenchbenchbenchbenchbench00'
export const BENCH_ADMIN = 'bench-admin-token-0123456789'

export type BenchServer = { url: string; pid: number; stop: () => Promise<void> }

/** The built gateway as its own process, on a fresh SQLite file, as an operator would run it. */
export async function startBenchServer(
  env: Record<string, string> = {},
  role: 'all' | 'api' = 'all',
): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'taube-bench-'))
  // BENCH_PROFILE_DIR=… writes a V8 CPU profile of the server there when it stops.
  const profile = process.env.BENCH_PROFILE_DIR
  const args = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []
  const child = spawn(process.execPath, [...args, 'bin/taube.js', 'serve', '--role', role], {
    env: {
      ...process.env,
      TAUBE_PORT: '0',
      TAUBE_LOG_LEVEL: 'warn',
      TAUBE_DATABASE_URL: `sqlite:${join(dir, 'taube.db')}`,
      TAUBE_BOOTSTRAP_TOKEN: BENCH_TOKEN,
      TAUBE_ADMIN_TOKEN: BENCH_ADMIN,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m) resolve(m[1]!)
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)))
  })
  const userId = BENCH_TOKEN.split(':')[0]
  const topUp = await fetch(`${url}/admin/accounts/${userId}/topups`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${BENCH_ADMIN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ amount: '10000000' }),
  })
  if (topUp.status !== 200) throw new Error(`top-up failed: ${topUp.status}`)
  return {
    url,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM')
      await once(child, 'exit')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
