import type { OutboundMessage } from '../connector.js'
import type { HttpIdFrom, ResolvedHttpConfig } from './http-config.js'

/** One submit request as it goes on the wire. */
export type CarrierRequest = {
  url: string
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: string
}

/** The values a template may name; everything else in braces is left as written. */
export function templateVars(m: OutboundMessage): Record<string, string> {
  return {
    to: m.phone,
    to_digits: m.phone.replace(/^\+/, ''),
    from: m.senderId,
    text: m.text,
    id: m.smsId,
    coding: m.isUnicode ? '8' : '0',
  }
}

export function fillTemplate(
  template: string,
  vars: Record<string, string>,
  encode: (v: string) => string = (v) => v,
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? encode(vars[name]!) : whole,
  )
}

/**
 * Builds the carrier request for one message. Values are encoded here (URLSearchParams, JSON),
 * so templates hold raw placeholders and a text with `&` or emoji cannot break the request.
 */
export function buildCarrierRequest(c: ResolvedHttpConfig, m: OutboundMessage): CarrierRequest {
  const vars = templateVars(m)
  // Placeholders in the URL itself (a path segment, a fixed query) are percent-encoded in place.
  const url = new URL(fillTemplate(c.url, vars, encodeURIComponent))
  const params = Object.entries(c.params).map(([k, t]) => [k, fillTemplate(t, vars)] as const)
  const headers = { ...c.headers }
  if (c.method === 'GET') {
    for (const [k, v] of params) url.searchParams.append(k, v)
    return { url: url.toString(), method: 'GET', headers }
  }
  if (c.body === 'json') {
    return {
      url: url.toString(),
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body: JSON.stringify(Object.fromEntries(params)),
    }
  }
  return {
    url: url.toString(),
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
    body: new URLSearchParams(params.map(([k, v]): [string, string] => [k, v])).toString(),
  }
}

/** The carrier's message id from a 2xx answer, or null when the answer does not hold one. */
export function extractCarrierId(idFrom: HttpIdFrom, body: string, smsId: string): string | null {
  switch (idFrom.kind) {
    case 'none':
      return smsId
    case 'regex': {
      const m = new RegExp(idFrom.pattern).exec(body)
      const id = m?.[1] ?? m?.[0]
      return id ? id : null
    }
    case 'json': {
      let value: unknown
      try {
        value = JSON.parse(body)
      } catch {
        return null
      }
      for (const key of idFrom.path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
        if (value === null || typeof value !== 'object') return null
        value = (value as Record<string, unknown>)[key]
      }
      return typeof value === 'string' && value !== ''
        ? value
        : typeof value === 'number'
          ? String(value)
          : null
    }
  }
}
