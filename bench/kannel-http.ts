import autocannon from 'autocannon'
import { BENCH_ADMIN, BENCH_TOKEN, startBenchServer } from './server-process.js'

/**
 * The Kannel HTTP SMSC endpoint: GET /api/kannel/direct.php as Kannel's `system-type = kannel`
 * sends it, against an API node (no dispatcher in-process), as post-sms measures POST /sms.
 */
export async function benchKannelHttp(seconds: number) {
  const server = await startBenchServer({}, 'api')
  try {
    const userId = BENCH_TOKEN.split(':')[0]!
    const r = await fetch(`${server.url}/admin/accounts/${userId}/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BENCH_ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'kannel', name: 'bench' }),
    })
    if (r.status !== 201) throw new Error(`kannel key: ${r.status} ${await r.text()}`)
    const { token } = (await r.json()) as { token: string }
    const query = new URLSearchParams({
      username: userId,
      password: token,
      to: '+491701234567',
      from: 'Taube',
      text: 'Your verification code is 482913. It expires in 10 minutes.',
      coding: '0',
      charset: 'UTF-8',
      'dlr-mask': '1',
    })
    const load = async (duration: number) => {
      const a = await autocannon({
        url: `${server.url}/api/kannel/direct.php?${query}`,
        connections: 64,
        duration,
      })
      return {
        requestsPerSecond: Math.round(a.requests.average),
        accepted: a['2xx'],
        rejected: a.non2xx,
        errors: a.errors + a.timeouts,
        latencyMs: { p50: a.latency.p50, p99: a.latency.p99, max: a.latency.max },
      }
    }
    await load(2) // warm-up: JIT and page cache
    const saturated = await load(seconds)
    return {
      name: 'kannel-http',
      description:
        'GET /api/kannel/direct.php (Kannel HTTP SMSC emulation) against the built server in its own process (--role api, SQLite WAL); autocannon, 64 connections',
      durationSeconds: seconds,
      saturated,
    }
  } finally {
    await server.stop()
  }
}
