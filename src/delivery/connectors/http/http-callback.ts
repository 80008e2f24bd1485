import { timingSafeEqual } from 'node:crypto'
import type { CarrierMo, CarrierReport, Connector, ReceiptState } from '../connector.js'
import type { HttpConnectorConfig, ResolvedHttpConfig } from './http-config.js'

export type CallbackResult =
  { ok: true } | { ok: false; reason: 'forbidden' | 'bad-request' | 'no-mo' }

/**
 * A connector that takes what the carrier sends to /callbacks/http/{id}: delivery reports, and
 * at …/mo inbound SMS, answered only once they are stored.
 */
export type HttpCallbackConnector = Connector & {
  handleCallback(params: Record<string, string>): Promise<CallbackResult>
  handleMo(params: Record<string, string>): Promise<CallbackResult>
}

export function takesHttpCallbacks(c: Connector | undefined): c is HttpCallbackConnector {
  return (
    c !== undefined && typeof (c as Partial<HttpCallbackConnector>).handleCallback === 'function'
  )
}

/** Checks the token and turns the carrier's parameters into a report. */
export function parseCallback(
  config: Pick<HttpConnectorConfig, 'callbackToken' | 'dlr'>,
  params: Record<string, string>,
): { ok: true; report: CarrierReport } | { ok: false; reason: 'forbidden' | 'bad-request' } {
  if (!sameSecret(params.token ?? '', config.callbackToken))
    return { ok: false, reason: 'forbidden' }
  const carrierId = params[config.dlr.idParam]
  const status = params[config.dlr.statusParam]
  if (!carrierId || status === undefined || status === '')
    return { ok: false, reason: 'bad-request' }
  const state: ReceiptState = Object.hasOwn(config.dlr.statusMap, status)
    ? config.dlr.statusMap[status]!
    : 'UNKNOWN'
  const error = config.dlr.errorParam ? params[config.dlr.errorParam] : undefined
  return { ok: true, report: { carrierId, state, ...(error ? { error } : {}) } }
}

/** Checks the token and reads an inbound SMS from the carrier's parameters. */
export function parseMoCallback(
  config: Pick<ResolvedHttpConfig, 'callbackToken' | 'mo'>,
  params: Record<string, string>,
  nowMs: number,
): { ok: true; mo: CarrierMo } | { ok: false; reason: 'forbidden' | 'bad-request' | 'no-mo' } {
  if (!sameSecret(params.token ?? '', config.callbackToken))
    return { ok: false, reason: 'forbidden' }
  if (!config.mo) return { ok: false, reason: 'no-mo' }
  const from = params[config.mo.fromParam]
  const to = params[config.mo.toParam]
  const text = params[config.mo.textParam]
  if (!from || !to || text === undefined) return { ok: false, reason: 'bad-request' }
  return { ok: true, mo: { from, to, receivedAtMs: nowMs, content: { text } } }
}

// Constant time, so the token cannot be guessed a character at a time from response timings.
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
