import { timingSafeEqual } from 'node:crypto'
import type { Logger } from 'pino'
import { Agent, request } from 'undici'
import {
  CALL_OUTCOME_RECEIPTS,
  isCallOutcome,
  type CallOutcome,
} from '../../../domain/voice/call-outcome.js'
import { VOICE_LANG_TAGS } from '../../../domain/voice/voice-lang.js'
import type { ConnectorSink, ConnectorStats, OutboundMessage, SubmitOutcome } from '../connector.js'
import type { CallbackResult } from '../http/http-callback.js'
import { extractCarrierId } from '../http/http-request.js'
import type { VoiceConnector } from '../voice.js'
import type { HttpVoiceConfig } from './http-voice-config.js'

const MAX_ANSWER_CHARS = 64 * 1024

export type HttpVoiceConnector = VoiceConnector & {
  handleCallback(params: Record<string, string>): Promise<CallbackResult>
  handleMo(params: Record<string, string>): Promise<CallbackResult>
}

/** The JSON a call request carries (docs/connectors.md). */
export function callRequestBody(config: HttpVoiceConfig, m: OutboundMessage) {
  const voice = m.voice!
  return {
    id: m.smsId,
    to: m.phone,
    from: m.senderId,
    language: VOICE_LANG_TAGS[voice.lang],
    ssml: voice.ssml,
    callback: { url: config.callbackUrl, token: config.callbackToken },
  }
}

/**
 * A voice provider over HTTP: one JSON POST per call, at most `maxConcurrent` at once; its
 * answer names the call, and the call's outcome arrives later at /callbacks/http/{id} as
 * `{token, call_id, outcome}` (JSON, form or query), stored as the message's delivery report.
 */
export function createHttpVoiceConnector(
  id: string,
  config: HttpVoiceConfig,
  sink: ConnectorSink,
  log: Logger,
): HttpVoiceConnector {
  const timeoutMs = config.timeoutMs ?? 10_000
  const maxConcurrent = config.maxConcurrent ?? 20
  const idFrom = { kind: 'json', path: config.idPath ?? 'call_id' } as const
  const stats = { submitted: 0, acknowledged: 0, failed: 0 }
  const waiting: (() => void)[] = []
  let active = 0
  let up = false
  let agent: Agent | null = null
  let stopping = new AbortController()

  const acquire = async () => {
    if (active < maxConcurrent) active++
    else await new Promise<void>((resolve) => waiting.push(resolve))
  }
  const release = () => {
    const next = waiting.shift()
    if (next) next()
    else active--
  }

  const call = async (m: OutboundMessage): Promise<SubmitOutcome> => {
    const timeout = AbortSignal.timeout(timeoutMs)
    try {
      const res = await request(config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...config.headers },
        body: JSON.stringify(callRequestBody(config, m)),
        dispatcher: agent!,
        signal: AbortSignal.any([timeout, stopping.signal]),
      })
      const answer = (await res.body.text()).slice(0, MAX_ANSWER_CHARS)
      const detail = answer.slice(0, 200)
      if (res.statusCode >= 200 && res.statusCode < 300) {
        const callId = extractCarrierId(idFrom, answer, m.smsId)
        if (callId !== null) return { ok: true, carrierIds: [callId] }
        log.warn({ smsId: m.smsId, answer: detail }, 'no call id in the provider answer')
        return { ok: false, retry: true, code: 'BAD_CARRIER_RESPONSE', detail }
      }
      const code = `HTTP_${res.statusCode}`
      // 408 and 429 say "later", not "never", as for the HTTP SMS connector.
      const s = res.statusCode
      const permanent = s >= 400 && s < 500 && s !== 408 && s !== 429
      return { ok: false, retry: !permanent, code, ...(detail ? { detail } : {}) }
    } catch (err) {
      if (timeout.aborted) return { ok: false, retry: true, code: 'TIMEOUT' }
      if (stopping.signal.aborted)
        return { ok: false, retry: true, code: 'LINK_DOWN', detail: 'connector stopped' }
      const detail = (err as Error).message.slice(0, 200)
      return { ok: false, retry: true, code: 'CONNECTION_ERROR', detail }
    }
  }

  const outcomeOf = (word: string): CallOutcome | null => {
    const mapped =
      config.outcomes && Object.hasOwn(config.outcomes, word) ? config.outcomes[word]! : word
    return isCallOutcome(mapped) ? mapped : null
  }

  return {
    id,
    channel: 'voice',
    async start() {
      stopping = new AbortController()
      agent = new Agent({ connections: maxConcurrent, connectTimeout: timeoutMs })
      up = true
    },
    async stop() {
      up = false
      for (const w of waiting.splice(0)) {
        active++
        w()
      }
      stopping.abort()
      await agent?.close().catch(() => undefined)
      agent = null
    },
    isUp: () => up,
    async submit(m: OutboundMessage): Promise<SubmitOutcome> {
      stats.submitted++
      if (!up) return { ok: false, retry: true, code: 'LINK_DOWN' }
      if (!m.voice) {
        stats.failed++
        return {
          ok: false,
          retry: false,
          code: 'NOT_VOICE',
          detail: 'a voice connector places calls',
        }
      }
      await acquire()
      let outcome: SubmitOutcome
      try {
        outcome = up ? await call(m) : { ok: false, retry: true, code: 'LINK_DOWN' }
      } finally {
        release()
      }
      if (outcome.ok) stats.acknowledged++
      else stats.failed++
      return outcome
    },
    async handleCallback(params) {
      if (!sameSecret(params.token ?? '', config.callbackToken))
        return { ok: false, reason: 'forbidden' }
      const callId = params.call_id
      const outcome = outcomeOf(params.outcome ?? '')
      if (!callId || outcome === null) return { ok: false, reason: 'bad-request' }
      const { state, error } = CALL_OUTCOME_RECEIPTS[outcome]
      await sink.report(id, { carrierId: callId, state, ...(error ? { error } : {}) })
      return { ok: true }
    },
    async handleMo() {
      return { ok: false, reason: 'no-mo' }
    },
    stats(): ConnectorStats {
      return { ...stats, inFlight: active, window: maxConcurrent, ratePerS: null, up }
    },
  }
}

// Constant time, so the token cannot be guessed a character at a time from response timings.
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
