// seven.io-style webhooks (`/api/hooks`): one call per event in the hook's request method.
// POST sends the payload as a form (nested fields as data[msg_id], as PHP's http_build_query
// writes them), GET as the same fields in the query, JSON as a JSON body.
import { createHash, createHmac, randomBytes } from 'node:crypto'

export const SEVEN_REQUEST_METHODS = ['POST', 'GET', 'JSON'] as const
export type SevenRequestMethod = (typeof SEVEN_REQUEST_METHODS)[number]

/** What a delivery row of transport `seven_hook` holds in `data`. */
export type SevenHookDelivery = {
  method: SevenRequestMethod
  /** `Name: value` lines the hook asked to be sent. */
  headers: string
  /** The key whose signing secret signs the call (the one that subscribed the hook). */
  keyId: number | null
  payload: SevenHookPayload
}

export type SevenHookPayload = {
  webhook_event: 'dlr' | 'sms_mo'
  webhook_timestamp: string
  data: Record<string, string | null>
}

export type SevenHookRequest = {
  method: 'GET' | 'POST'
  url: string
  body: string | null
  contentType: string | null
  headers: Record<string, string>
}

/** The payload's fields as form pairs: `webhook_event`, `data[msg_id]`, …; null as empty. */
export function formPairs(payload: SevenHookPayload): [string, string][] {
  const pairs: [string, string][] = []
  for (const [k, v] of Object.entries(payload)) {
    if (typeof v === 'object' && v !== null) {
      for (const [dk, dv] of Object.entries(v)) pairs.push([`data[${dk}]`, dv ?? ''])
    } else pairs.push([k, String(v)])
  }
  return pairs
}

/** Headers the gateway sets itself: a hook's own lines may not replace them. */
const RESERVED = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'x-signature',
  'x-timestamp',
  'x-nonce',
])
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]{0,1000}$/

/** A hook's header lines as a record, or the reason they are refused. */
export function parseHookHeaders(lines: string): Record<string, string> | string {
  const out: Record<string, string> = {}
  for (const raw of lines.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '') continue
    const colon = line.indexOf(':')
    const name = colon > 0 ? line.slice(0, colon).trim() : ''
    const value = colon > 0 ? line.slice(colon + 1).trim() : ''
    if (!HEADER_NAME.test(name)) return `"${line.slice(0, 40)}" is not a header line Name: value`
    if (!HEADER_VALUE.test(value))
      return `the value of ${name} has characters a header cannot carry`
    if (RESERVED.has(name.toLowerCase())) return `${name} is set by the gateway`
    if (Object.keys(out).length >= 10) return 'at most 10 headers'
    out[name.toLowerCase()] = value
  }
  return out
}

/** The request one delivery makes. */
export function sevenHookRequest(url: string, d: SevenHookDelivery): SevenHookRequest {
  const parsed = parseHookHeaders(d.headers)
  const headers = typeof parsed === 'string' ? {} : parsed
  if (d.method === 'JSON') {
    const body = JSON.stringify(d.payload)
    return { method: 'POST', url, body, contentType: 'application/json', headers }
  }
  const form = new URLSearchParams(formPairs(d.payload)).toString()
  if (d.method === 'GET') {
    const target = new URL(url)
    target.search = target.search === '' ? form : `${target.search.slice(1)}&${form}`
    return { method: 'GET', url: target.toString(), body: null, contentType: null, headers }
  }
  return {
    method: 'POST',
    url,
    body: form,
    contentType: 'application/x-www-form-urlencoded',
    headers,
  }
}

/**
 * seven.io's webhook signature, which @seven.io/client's WebhookVerifier checks: the hex
 * HMAC-SHA256 with the secret of timestamp, nonce, METHOD, the URL called and the hex MD5 of the
 * body, one per line.
 */
export function signHookRequest(
  r: SevenHookRequest,
  secret: string,
  nowS: number,
  nonce: string = randomBytes(16).toString('hex'),
): Record<string, string> {
  const md5 = createHash('md5')
    .update(r.body ?? '')
    .digest('hex')
  const text = [nowS, nonce, r.method, r.url, md5].join('\n')
  return {
    'x-timestamp': String(nowS),
    'x-nonce': nonce,
    'x-signature': createHmac('sha256', secret).update(text).digest('hex'),
  }
}
