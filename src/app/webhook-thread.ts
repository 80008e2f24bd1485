import { Worker } from 'node:worker_threads'
import type { HttpTransport, HttpTransportOptions } from '../events/transports/http-webhook.js'
import type { AttemptResult } from '../events/transports/attempt.js'

/** A call: id, URL, headers, then the body and its content type for a POST (null: a GET). */
type WebhookCall = [
  id: number,
  url: string,
  headers: Record<string, string>,
  body: string | null,
  contentType: string | null,
]
export type WebhookCallResult = [
  id: number,
  ok: boolean,
  status: number | null,
  error: string | null,
  latencyMs: number,
]
export type ToWebhookThread = { t: 'send'; calls: WebhookCall[] } | { t: 'close' }
export type FromWebhookThread = { t: 'done'; results: WebhookCallResult[] } | { t: 'closed' }

/**
 * The event worker's HTTP transport, run in a thread of its own (webhook-worker.ts). Writing
 * requests and parsing answers took a third of the worker's thread; moved, they cost it a copy.
 * Beside the API, whose thread the worker shares, 2,154-2,284 webhooks/s end to end became
 * 2,286-2,707 (docs/decisions.md). The calls of one turn of the event loop cross in one message,
 * their outcomes likewise. A thread that fails fails its calls (tried again later, as after any
 * failed attempt) and the process, as the other threads do.
 */
export function startWebhookThread(
  opts: Omit<HttpTransportOptions, 'resolveAll'>,
  onFailure: (err: Error) => void,
): HttpTransport & { readonly thread: Worker } {
  const worker = new Worker(new URL('./webhook-worker.js', import.meta.url), { workerData: opts })
  const waiting = new Map<number, (r: AttemptResult) => void>()
  let nextId = 1
  let calls: WebhookCall[] = []
  let ended: string | null = null
  let closing = false
  let closed: (() => void) | null = null

  const flush = () => {
    if (calls.length === 0) return
    const batch = calls
    calls = []
    worker.postMessage({ t: 'send', calls: batch } satisfies ToWebhookThread)
  }
  const call = (
    url: string,
    headers: Record<string, string>,
    body: string | null,
    contentType: string | null,
  ): Promise<AttemptResult> => {
    if (ended !== null) return Promise.resolve(failed(ended))
    if (closing) return Promise.resolve(failed('the webhook client is closed'))
    const id = nextId++
    return new Promise((resolve) => {
      waiting.set(id, resolve)
      if (calls.length === 0) queueMicrotask(flush)
      calls.push([id, url, headers, body, contentType])
    })
  }
  const end = (reason: string, err: Error) => {
    if (ended !== null) return
    ended = reason
    for (const resolve of waiting.values()) resolve(failed(reason))
    waiting.clear()
    closed?.()
    if (!closing) onFailure(err)
  }

  worker.on('message', (m: FromWebhookThread) => {
    if (m.t === 'closed') {
      closed?.()
      return
    }
    for (const [id, ok, status, error, latencyMs] of m.results) {
      const resolve = waiting.get(id)
      waiting.delete(id)
      resolve?.({ ok, status, error, latencyMs })
    }
  })
  worker.on('error', (err) => end('the webhook thread failed', err))
  worker.on('exit', (code) =>
    end('the webhook thread ended', new Error(`the webhook thread ended with code ${code}`)),
  )

  return {
    thread: worker,
    post: (url, body, headers, contentType = 'application/json') =>
      call(url, headers, body, contentType),
    get: (url, headers = {}) => call(url, headers, null, null),
    async close() {
      closing = true
      if (ended === null) {
        // The agent finishes the calls in flight, as the transport's close does in this thread.
        await new Promise<void>((resolve) => {
          closed = resolve
          // Calls made in this turn go first: they are in flight, not refused.
          if (calls.length > 0) flush()
          worker.postMessage({ t: 'close' } satisfies ToWebhookThread)
        })
      }
      await worker.terminate()
    },
  }
}

function failed(error: string): AttemptResult {
  return { ok: false, status: null, error, latencyMs: 0 }
}
