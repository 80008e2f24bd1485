// Request signing as @seven.io/client does it with `signingSecret` (5.x, Client.request):
// X-Timestamp (unix s), X-Nonce (32 random characters) and X-Signature, the hex HMAC-SHA256 with
// the secret of the lines timestamp, nonce, METHOD, the full URL (with the query of a GET) and
// the hex MD5 of the body as sent ('' without one).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/** How far a timestamp may lie from now, either way (the client's webhook verifier's default). */
export const SIGNATURE_WINDOW_S = 300

export type SignedRequest = {
  timestamp: string | undefined
  nonce: string | undefined
  signature: string | undefined
  method: string
  /** The URL as the client may have written it (scheme, host and path with query). */
  urls: readonly string[]
  body: Buffer
}

export function signRequest(
  secret: string,
  parts: { timestamp: number; nonce: string; method: string; url: string; body: string | Buffer },
): string {
  const bodyHash = createHash('md5').update(parts.body).digest('hex')
  const text = [parts.timestamp, parts.nonce, parts.method.toUpperCase(), parts.url, bodyHash]
  return createHmac('sha256', secret).update(text.join('\n')).digest('hex')
}

/** null when the signature holds; otherwise why not. The nonce is the caller's to spend. */
export function signatureProblem(secret: string, req: SignedRequest, nowS: number): string | null {
  const { timestamp, nonce, signature } = req
  if (!timestamp || !nonce || !signature)
    return 'the key signs its requests: X-Timestamp, X-Nonce and X-Signature are required'
  if (!/^\d{1,12}$/.test(timestamp)) return 'X-Timestamp must be a unix time in seconds'
  if (Math.abs(nowS - Number(timestamp)) > SIGNATURE_WINDOW_S)
    return `X-Timestamp is more than ${SIGNATURE_WINDOW_S} s away from the gateway's time`
  if (!/^[\x21-\x7e]{8,128}$/.test(nonce)) return 'X-Nonce must be 8-128 printable characters'
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) return 'X-Signature must be 64 hex digits'
  const given = Buffer.from(signature.toLowerCase(), 'hex')
  const ok = req.urls.some((url) => {
    const expected = signRequest(secret, {
      timestamp: Number(timestamp),
      nonce,
      method: req.method,
      url,
      body: req.body,
    })
    return timingSafeEqual(Buffer.from(expected, 'hex'), given)
  })
  return ok ? null : 'X-Signature does not match the request'
}
