import autocannon from 'autocannon'
import { BENCH_TOKEN, startBenchServer } from './server-process.js'

export type LoadFigures = {
  requestsPerSecond: number
  accepted: number
  rejected: number
  errors: number
  latencyMs: { p50: number; p90: number; p99: number; max: number }
}

const BODY = JSON.stringify({
  text: 'Your verification code is 482913. It expires in 10 minutes.',
  sender_id: 'Taube',
  phone: '+491701234567',
  callback_data: 'bench',
})

async function load(
  url: string,
  opts: { connections: number; duration: number; overallRate?: number },
) {
  const r = await autocannon({
    url: `${url}/sms`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-lox24-auth-token': BENCH_TOKEN },
    body: BODY,
    connections: opts.connections,
    duration: opts.duration,
    ...(opts.overallRate === undefined ? {} : { overallRate: opts.overallRate }),
  })
  const figures: LoadFigures = {
    requestsPerSecond: Math.round(r.requests.average),
    accepted: r['2xx'],
    rejected: r.non2xx,
    errors: r.errors + r.timeouts,
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
  }
  return figures
}

/** POST /sms over HTTP: the most the gateway accepts, and latency at a steady 1,000 req/s. */
export async function benchPostSms(seconds: number) {
  // The accept path alone: an API node, as behind a load balancer (no dispatcher in-process).
  const server = await startBenchServer({}, 'api')
  try {
    await load(server.url, { connections: 16, duration: 2 }) // warm-up: JIT and page cache
    const saturated = await load(server.url, { connections: 64, duration: seconds })
    const steady = await load(server.url, { connections: 32, duration: seconds, overallRate: 1000 })
    return {
      name: 'post-sms',
      description:
        'POST /sms against the built server in its own process (--role api, SQLite WAL); load generator: autocannon in this process',
      durationSeconds: seconds,
      saturated,
      steady1000: steady,
      targets: { acceptedPerSecond: 5000, p99MsAt1000: 25 },
      met: {
        acceptedPerSecond: saturated.accepted / seconds >= 5000,
        p99MsAt1000: steady.latencyMs.p99 < 25,
      },
    }
  } finally {
    await server.stop()
  }
}
