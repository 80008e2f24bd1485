import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const REQUEST_ID_HEADER = 'X-LOX24-REQUEST-ID'
/** The id a proxy or client may send, and finds again in the answer and in our logs. */
export const INCOMING_REQUEST_ID_HEADER = 'X-Request-Id'

/**
 * What a request id from outside may be: up to 128 characters of letters, digits and `._:@/+=-`
 * (UUIDs, nginx's $request_id, trace ids, base64). Anything else could forge log lines or grow
 * the logs, and is replaced.
 */
const SANE_REQUEST_ID = /^[\w.:@/+=-]{1,128}$/

/** 32 alphanumeric characters (spec §2.4): a v4 UUID without dashes. */
export function newRequestId(): string {
  return randomUUID().replaceAll('-', '')
}

/** The request's id: the caller's X-Request-Id when it is sane, else a new one. */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers['x-request-id']
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : newRequestId()
}
