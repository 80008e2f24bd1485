import { parentPort, workerData } from 'node:worker_threads'
import {
  createHttpTransport,
  type HttpTransportOptions,
} from '../events/transports/http-webhook.js'
import type { AttemptResult } from '../events/transports/attempt.js'
import type { ToWebhookThread, FromWebhookThread, WebhookCallResult } from './webhook-thread.js'

/**
 * The webhook thread: makes the event worker's HTTP calls (webhooks, legacy pushes, Kannel
 * dlr-urls) on its own undici agent, behind the SSRF guard, and answers each call's outcome.
 * Outcomes that arrive in one turn of the event loop go back in one message.
 */
const port = parentPort
if (!port) throw new Error('webhook-worker runs as a worker thread')
const http = createHttpTransport(workerData as HttpTransportOptions)

let done: WebhookCallResult[] = []
const answer = (id: number, r: AttemptResult) => {
  if (done.length === 0) setImmediate(flush)
  done.push([id, r.ok, r.status, r.error, r.latencyMs])
}
function flush(): void {
  if (done.length === 0) return
  const results = done
  done = []
  port!.postMessage({ t: 'done', results } satisfies FromWebhookThread)
}

port.on('message', (m: ToWebhookThread) => {
  if (m.t === 'close') {
    // The outcomes of the last calls go before the word that the client is closed.
    void http.close().then(() => {
      flush()
      port.postMessage({ t: 'closed' } satisfies FromWebhookThread)
    })
    return
  }
  for (const [id, url, headers, body, contentType] of m.calls) {
    const sent =
      body === null
        ? http.get(url, headers)
        : http.post(url, body, headers, contentType ?? undefined)
    void sent.then((r) => answer(id, r))
  }
})
