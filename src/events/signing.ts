// Standard Webhooks signatures (standardwebhooks.com): HMAC-SHA256 over `id.timestamp.body`,
// sent as `webhook-signature: v1,<base64>` beside `webhook-id` and `webhook-timestamp`.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

const PREFIX = 'whsec_'
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

export type WebhookHeaders = {
  'webhook-id'?: string | undefined
  'webhook-timestamp'?: string | undefined
  'webhook-signature'?: string | undefined
}

export function generateWebhookSecret(): string {
  return PREFIX + randomBytes(24).toString('base64')
}

export function isValidWebhookSecret(s: string): boolean {
  return secretKey(s) !== null
}

/** Throws on an invalid secret: secrets are validated when stored, so this is a bug. */
export function signWebhook(
  secret: string,
  msgId: string,
  timestampS: number,
  body: string,
): string {
  return 'v1,' + hmac(requireKey(secret), msgId, timestampS, body)
}

export function verifyWebhook(
  secret: string,
  headers: WebhookHeaders,
  body: string,
  nowS: number,
  toleranceS = 300,
): boolean {
  const key = requireKey(secret)
  const msgId = headers['webhook-id']
  const stamp = headers['webhook-timestamp']
  const signatures = headers['webhook-signature']
  if (!msgId || !stamp || !signatures || !/^\d{1,15}$/.test(stamp)) return false
  const timestampS = Number(stamp)
  // Both directions: a timestamp from the future is as suspect as a replayed old one.
  if (Math.abs(nowS - timestampS) > toleranceS) return false

  const expected = Buffer.from(hmac(key, msgId, timestampS, body))
  let matched = false
  for (const entry of signatures.split(' ')) {
    const [version, signature] = splitOnce(entry)
    if (version !== 'v1') continue
    const given = Buffer.from(signature)
    // No early exit, so the position of the matching entry does not show in the timing.
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true
  }
  return matched
}

export function webhookHeaders(
  secret: string | null,
  msgId: string,
  timestampS: number,
  body: string,
): Record<string, string> {
  const headers: Record<string, string> = {
    'webhook-id': msgId,
    'webhook-timestamp': String(timestampS),
  }
  if (secret !== null) headers['webhook-signature'] = signWebhook(secret, msgId, timestampS, body)
  return headers
}

function hmac(key: Buffer, msgId: string, timestampS: number, body: string): string {
  return createHmac('sha256', key).update(`${msgId}.${timestampS}.${body}`).digest('base64')
}

// Node's base64 decoder skips junk silently, so the text is checked strictly first.
function secretKey(secret: string): Buffer | null {
  if (!secret.startsWith(PREFIX)) return null
  const encoded = secret.slice(PREFIX.length)
  if (!BASE64.test(encoded)) return null
  const key = Buffer.from(encoded, 'base64')
  if (key.length < 24 || key.length > 64 || key.toString('base64') !== encoded) return null
  return key
}

/** Keys by secret: a webhook's secret is checked and decoded once, not for every body it signs. */
const keys = new Map<string, Buffer>()
const MAX_KEYS = 1024

function requireKey(secret: string): Buffer {
  const known = keys.get(secret)
  if (known) return known
  const key = secretKey(secret)
  if (key === null) throw new TypeError('webhook secret is not whsec_ + base64 of 24..64 bytes')
  if (keys.size >= MAX_KEYS) keys.clear()
  keys.set(secret, key)
  return key
}

function splitOnce(entry: string): [string, string] {
  const comma = entry.indexOf(',')
  return comma < 0 ? [entry, ''] : [entry.slice(0, comma), entry.slice(comma + 1)]
}
