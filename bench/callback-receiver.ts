import { createServer } from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'

// One HTTP receiver for the delivery callbacks of both gateways, counting by message: Kannel's
// dlr-url GET (/kannel/<run>/<i>?d=%d) and Taube's webhook POST (callback_data "<run>/<i>").
// Each run numbers its messages 0…n-1 under a fresh run id, so a late callback of an earlier
// run cannot count for the next one.

/** Kannel's %d of a final report: delivered, failed, rejected by the SMSC. */
const KANNEL_FINAL = new Set([1, 2, 16])
/** Taube's dlr_code of a final report: delivered, expired, rejected (spec §15.1). */
const TAUBE_FINAL = new Set([1, 8, 16])

export type CallbackCounts = {
  /** Every callback of the run, final or not, and of any event. */
  callbacks: number
  /** Messages with a final report. */
  finals: number
  /** Final reports that said anything but delivered. */
  notDelivered: number
  /** Messages whose final report came more than once. */
  duplicated: number
  /** Callbacks this run could not attribute (another run's, or unparseable). */
  stray: number
}

export type CallbackReceiver = {
  url: string
  /** Starts counting `n` messages of run `run`. */
  begin(run: string, n: number): void
  /** performance.now() of each message's first final report, 0 while none came. */
  finalAt(): Float64Array
  counts(): CallbackCounts
  /** Resolves when every message of the run has a final report. */
  allFinal(): Promise<void>
  close(): void
}

export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  let run = ''
  let at = new Float64Array(0)
  let finalsPerMessage = new Uint16Array(0)
  let counts: CallbackCounts = zero()
  let waiter: (() => void) | null = null

  const final = (ref: string, code: number, finalCodes: Set<number>) => {
    const slash = ref.indexOf('/')
    const i = Number(ref.slice(slash + 1))
    if (ref.slice(0, slash) !== run || !Number.isInteger(i) || i < 0 || i >= at.length) {
      counts.stray++
      return
    }
    counts.callbacks++
    if (!finalCodes.has(code)) return
    if (code !== 1) counts.notDelivered++
    if (++finalsPerMessage[i]! === 2) counts.duplicated++
    if (at[i] !== 0) return
    at[i] = performance.now()
    if (++counts.finals === at.length) waiter?.()
  }

  const receiver = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/kannel/')) {
      const url = new URL(req.url, 'http://127.0.0.1')
      final(url.pathname.slice('/kannel/'.length), Number(url.searchParams.get('d')), KANNEL_FINAL)
      res.writeHead(200, { 'content-length': 0 }).end()
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (d: Buffer) => chunks.push(d))
    req.on('end', () => {
      try {
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          name: string
          data: { callback_data?: string; dlr_code?: number }
        }
        if (event.name === 'sms.delivery' && event.data.callback_data) {
          final(event.data.callback_data, event.data.dlr_code ?? 0, TAUBE_FINAL)
        } else {
          counts.stray++
        }
      } catch {
        counts.stray++
      }
      res.writeHead(200, { 'content-length': 0 }).end()
    })
  })
  receiver.listen(0, '127.0.0.1')
  await once(receiver, 'listening')
  return {
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
    begin(id, n) {
      run = id
      at = new Float64Array(n)
      finalsPerMessage = new Uint16Array(n)
      counts = zero()
      waiter = null
    },
    finalAt: () => at,
    counts: () => ({ ...counts }),
    allFinal: () =>
      counts.finals === at.length
        ? Promise.resolve()
        : new Promise<void>((resolve) => (waiter = resolve)),
    close() {
      receiver.closeAllConnections()
      receiver.close()
    },
  }
}

function zero(): CallbackCounts {
  return { callbacks: 0, finals: 0, notDelivered: 0, duplicated: 0, stray: 0 }
}
