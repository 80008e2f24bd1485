import { readFileSync } from 'node:fs'
import { connectSmpp, type SmppSession } from '../src/smpp/session.js'
import { BENCH_ADMIN, BENCH_TOKEN, startBenchServer, startBenchSmsc } from './server-process.js'
import { freePort } from '../test/helpers/free-port.js'
import { threadCpuMs } from './proc-stats.js'

const N = Number(process.env.BENCH_MESSAGES ?? 100_000)
const WINDOW = 100

/**
 * The SMPP server for customers on loopback: ESMEs bind as transceivers with an smpp key and
 * submit N messages with registered_delivery (window 100 each); the gateway routes them to
 * `taube smsc-sim`, whose receipts come back to the ESMEs as deliver_sm. One bind, then four.
 */
export async function benchSmppServer() {
  const sim = await startBenchSmsc()
  const smppPort = await freePort()
  const server = await startBenchServer({
    TAUBE_SMPP_PORT: String(smppPort),
    TAUBE_SMPP_THROUGHPUT: '1000000',
    TAUBE_SMPP_WINDOW: String(WINDOW),
    TAUBE_SMPP_MAX_BINDS: '16',
  })
  const admin = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${BENCH_ADMIN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await r.text()
    return { status: r.status, body: text === '' ? null : JSON.parse(text) }
  }
  try {
    const put = await admin('PUT', '/admin/connectors/smsc', {
      kind: 'smpp',
      config: {
        host: '127.0.0.1',
        port: sim.port,
        systemId: 'bench',
        password: 'bench',
        sessions: 2,
        window: 200,
      },
    })
    if (put.status !== 200) throw new Error(`connector: ${JSON.stringify(put.body)}`)
    for (const r of (await admin('GET', '/admin/routes')).body.routes)
      await admin('DELETE', `/admin/routes/${r.id}`)
    await admin('POST', '/admin/routes', { connector_ids: ['smsc'] })
    const userId = BENCH_TOKEN.split(':')[0]!
    const key = await admin('POST', `/admin/accounts/${userId}/keys`, {
      type: 'smpp',
      name: 'bench',
    })
    if (key.status !== 201) throw new Error(`key: ${JSON.stringify(key.body)}`)
    const password = String(key.body.auth_header).split(':')[1]!
    const one = await run(smppPort, userId, password, 1, server.pid)
    const four = await run(smppPort, userId, password, 4, server.pid)
    return {
      name: 'smpp-server',
      description: `${N} submit_sm with registered_delivery over SMPP (window ${WINDOW} per bind) → gateway → SMPP → taube smsc-sim → receipts as deliver_sm to the ESME; built server in its own process, SQLite`,
      messages: N,
      oneBind: one,
      fourBinds: four,
      target: { submitPerSecond: 8000, endToEndPerSecond: 5000 },
    }
  } finally {
    await server.stop()
    await sim.close()
  }
}

async function run(port: number, userId: string, password: string, binds: number, pid: number) {
  const sessions: SmppSession[] = []
  const submittedAt = new Map<string, number>()
  const latencies: number[] = []
  let receipts = 0
  let lastReceiptMs = 0
  let allReceipts!: () => void
  const done = new Promise<void>((resolve) => (allReceipts = resolve))
  for (let i = 0; i < binds; i++) {
    const s = await connectSmpp({ host: '127.0.0.1', port })
    s.on('pdu:in', (pdu) => {
      if (pdu.command === 'deliver_sm') {
        s.respond(pdu, { message_id: '' })
        const at = submittedAt.get(String(pdu.receipted_message_id))
        if (at !== undefined) latencies.push(performance.now() - at)
        receipts++
        lastReceiptMs = performance.now()
        if (receipts >= N) allReceipts()
      } else s.respond(pdu)
    })
    const bound = await s.request('bind_transceiver', { system_id: userId, password })
    if (bound.command_status !== 0) throw new Error(`bind: ${bound.command_status}`)
    sessions.push(s)
  }
  const cpuBefore = threadCpuMs(pid)
  const started = performance.now()
  let next = 0
  let accepted = 0
  let refused = 0
  let lastAcceptMs = started
  await Promise.all(
    sessions.map(async (s) => {
      const lanes = Array.from({ length: WINDOW }, async () => {
        while (next < N) {
          const i = next++
          const t = performance.now()
          const resp = await s.request('submit_sm', {
            source_addr_ton: 5,
            source_addr: 'Bench',
            dest_addr_ton: 1,
            dest_addr_npi: 1,
            destination_addr: `49170${String(1_000_000 + (i % 1_000_000)).padStart(7, '0')}`,
            registered_delivery: 1,
            short_message: Buffer.from(`bench message ${i}`),
          })
          if (resp.command_status === 0) {
            accepted++
            submittedAt.set(String(resp.message_id), t)
            lastAcceptMs = performance.now()
          } else refused++
        }
      })
      await Promise.all(lanes)
    }),
  )
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, 120_000))
  await Promise.race([done, timeout])
  const rssMiB = Math.round(
    Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
  )
  const cpuAfter = threadCpuMs(pid)
  for (const s of sessions) await s.close({ timeoutMs: 2000 })
  const cpuUs = (ms: number) => Math.round((ms * 1000) / Math.max(1, receipts))
  const threads = [...cpuAfter].map(
    ([tid, t]) => [t.name, t.ms - (cpuBefore.get(tid)?.ms ?? 0)] as const,
  )
  latencies.sort((a, b) => a - b)
  const p = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0)
  return {
    binds,
    accepted,
    refused,
    submitPerSecond: Math.round(accepted / ((lastAcceptMs - started) / 1000)),
    receipts,
    endToEndPerSecond: Math.round(
      receipts / (((lastReceiptMs || performance.now()) - started) / 1000),
    ),
    latencyMs: { p50: p(0.5), p99: p(0.99) },
    gatewayRssMiB: rssMiB,
    // CPU of the gateway per message (accept, submit, receipt in, receipt out), by thread: a
    // figure a busy machine changes less than the rates.
    gatewayCpuUsPerMessage: cpuUs(threads.reduce((sum, [, ms]) => sum + ms, 0)),
    gatewayCpuUsPerMessageByThread: Object.fromEntries(
      threads.filter(([, ms]) => ms > 0).map(([name, ms], i) => [`${i} ${name}`, cpuUs(ms)]),
    ),
  }
}
