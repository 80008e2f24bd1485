import { readFileSync } from 'node:fs'
import { Agent, request } from 'undici'
import { BENCH_TOKEN, startBenchServer } from './server-process.js'

const N = Number(process.env.BENCH_PHONES ?? 1_000_000)
const BATCH = 10_000
/**
 * The gateway's V8 heap is capped, so its memory shows what it holds, not how lazily V8 collects:
 * uncapped, on a 24 GiB machine, V8 lets garbage grow to about 1 GiB before it collects.
 * Finishing a million recipients under this cap shows they are never held at once.
 */
const HEAP_CAP_MIB = Number(process.env.BENCH_HEAP_CAP_MIB ?? 256)

function rssMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Math.round(Number(m[1]) / 1024) : 0
}

/**
 * A group of N phones filled through POST /groups/{id}/phones/batch, then one bulk to it:
 * import rate, time until every recipient has its SMS (expanded) and until every SMS went to the
 * built-in simulator (submitted), and the gateway's memory while the bulk runs.
 */
export async function benchBulk() {
  const server = await startBenchServer({ NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MIB}` })
  const agent = new Agent({ connections: 4 })
  const call = async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => {
    const r = await request(`${server.url}${path}`, {
      method,
      dispatcher: agent,
      headers: { 'content-type': 'application/json', 'x-lox24-auth-token': BENCH_TOKEN },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await r.body.text()
    if (r.statusCode >= 300)
      throw new Error(`${method} ${path}: ${r.statusCode} ${text.slice(0, 300)}`)
    return text === '' ? null : JSON.parse(text)
  }
  try {
    const group = await call('POST', '/groups', { name: 'Bench', name_a: 'Name' })
    const importStart = performance.now()
    for (let i = 0; i < N; i += BATCH) {
      const phones = Array.from({ length: Math.min(BATCH, N - i) }, (_, j) => ({
        phone: `+4917${String(i + j).padStart(9, '0')}`,
        a: `Name ${i + j}`,
        callback_data: `ref-${i + j}`,
      }))
      await call('POST', `/groups/${group.id}/phones/batch`, phones)
    }
    const importSeconds = (performance.now() - importStart) / 1000
    const rssBeforeBulk = rssMiB(server.pid, 'VmRSS')
    const text = 'Hello [Name], your code is ready.'
    const untilStatus = async (uuid: string, code: number) => {
      for (;;) {
        await new Promise((r) => setTimeout(r, 100))
        if ((await call('GET', `/bulks/${uuid}/status`)).status_code === code) return
      }
    }

    // Expansion alone: a bulk scheduled for later is made into SMS that wait for their time.
    const now = Math.floor(Date.now() / 1000)
    let expansionRssPeak = rssBeforeBulk
    const expansionSampler = setInterval(
      () => (expansionRssPeak = Math.max(expansionRssPeak, rssMiB(server.pid, 'VmRSS'))),
      100,
    )
    const aloneStart = performance.now()
    const scheduled = await call('POST', '/bulks', {
      sender_id: 'Taube',
      text,
      msg_groups: [group.id],
      delivery_at: now + 86_400,
    })
    const aloneAcceptedMs = performance.now() - aloneStart
    await untilStatus(scheduled.uuid, 100)
    const aloneMs = performance.now() - aloneStart
    clearInterval(expansionSampler)
    const deleteStart = performance.now()
    await call('DELETE', `/bulks/${scheduled.uuid}`)
    const deleteMs = performance.now() - deleteStart

    // Then one sent at once: expansion shares the process with sending and receipts.
    let rssPeak = rssBeforeBulk
    const sampler = setInterval(
      () => (rssPeak = Math.max(rssPeak, rssMiB(server.pid, 'VmRSS'))),
      100,
    )
    const bulkStart = performance.now()
    const bulk = await call('POST', '/bulks', { sender_id: 'Taube', text, msg_groups: [group.id] })
    const acceptedMs = performance.now() - bulkStart
    let expandedMs = 0
    let submittedMs = 0
    for (;;) {
      await new Promise((r) => setTimeout(r, 250))
      if (!expandedMs) {
        const b = await call('GET', `/bulks/${bulk.uuid}/status`)
        if (b.status_code === 100) expandedMs = performance.now() - bulkStart
        continue
      }
      const unsent = await call('GET', `/sms?bulk=${bulk.uuid}&is_sent=false&page=1`)
      if (unsent['hydra:totalItems'] === 0) {
        submittedMs = performance.now() - bulkStart
        break
      }
    }
    clearInterval(sampler)
    return {
      name: 'bulk',
      description:
        'POST /groups/{id}/phones/batch (10,000 per request), then POST /bulks to the whole group with a personalised text; built server in its own process, SQLite, built-in simulator',
      recipients: N,
      gatewayHeapCapMiB: HEAP_CAP_MIB,
      importPerSecond: Math.round(N / importSeconds),
      scheduledBulk: {
        acceptedMs: Math.round(aloneAcceptedMs),
        expandedSeconds: Number((aloneMs / 1000).toFixed(1)),
        expandedPerSecond: Math.round(N / (aloneMs / 1000)),
        deleteSeconds: Number((deleteMs / 1000).toFixed(1)),
      },
      bulkAcceptedMs: Math.round(acceptedMs),
      expandedSeconds: Number((expandedMs / 1000).toFixed(1)),
      expandedPerSecond: Math.round(N / (expandedMs / 1000)),
      submittedSeconds: Number((submittedMs / 1000).toFixed(1)),
      submittedPerSecond: Math.round(N / (submittedMs / 1000)),
      gatewayRssMiB: {
        beforeBulk: rssBeforeBulk,
        peakDuringExpansionAlone: expansionRssPeak,
        peakDuringBulk: rssPeak,
      },
      target: { expandedPerSecond: 20_000 },
    }
  } finally {
    await agent.close()
    await server.stop()
  }
}
