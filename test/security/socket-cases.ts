// What only a socket can send: bytes that are not valid percent-encoding, an unnormalised `..`,
// oversized or broken headers, which Node's HTTP parser answers before any route.
import { expectStatus } from './fuzz-generators.js'
import { rawRequest } from './raw-http.js'
import type { Answer, Caller, Tenant } from './security-server.js'
import { ADMIN_TOKEN } from '../helpers/test-server.js'

export type SocketCase = {
  label: string
  send: () => Promise<Answer>
  expect?: (r: Answer) => string[]
}

/** The request head for `rawRequest`: the request line, Host, credentials and more headers. */
export function rawHead(
  requestLine: string,
  as: Caller,
  headers: Record<string, string> = {},
): string {
  const auth =
    as === 'admin'
      ? `\r\nAuthorization: Bearer ${ADMIN_TOKEN}`
      : as === null
        ? ''
        : `\r\nX-LOX24-AUTH-TOKEN: ${as.token}`
  const more = Object.entries(headers)
    .map(([k, v]) => `\r\n${k}: ${v}`)
    .join('')
  return `${requestLine}\r\nHost: 127.0.0.1${auth}${more}`
}

export function socketCases(port: number, tenant: Tenant): SocketCase[] {
  return [
    {
      label: 'a path that is not valid percent-encoding',
      send: () => rawRequest(port, rawHead('GET /groups/%FF%FE HTTP/1.1', tenant)),
      expect: (r) => (r.status === 400 || r.status === 404 ? [] : [`status ${r.status}`]),
    },
    {
      label: 'a path id of 200 characters',
      send: () => rawRequest(port, rawHead(`GET /sms/${'a'.repeat(200)} HTTP/1.1`, tenant)),
      expect: (r) => (r.status >= 400 && r.status < 500 ? [] : [`status ${r.status}`]),
    },
    {
      label: 'raw bytes that are not UTF-8 in the path',
      send: () => rawRequest(port, rawHead('GET /groups/\xff\xfe HTTP/1.1', tenant)),
    },
    {
      label: 'an unnormalised .. in the path',
      send: () => rawRequest(port, rawHead('GET /sms/../admin/accounts HTTP/1.1', tenant)),
      expect: (r) =>
        r.status === 200 ? ['a customer key reached the operator API through ..'] : [],
    },
    {
      label: 'an encoded ../ in the path',
      send: () => rawRequest(port, rawHead('GET /sms/..%2F..%2Fadmin%2Faccounts HTTP/1.1', tenant)),
      expect: (r) =>
        r.status === 200 ? ['a customer key reached the operator API through ..%2F'] : [],
    },
    {
      label: 'an encoded dot segment in the path',
      send: () => rawRequest(port, rawHead('GET /sms/%2e%2e/admin/accounts HTTP/1.1', tenant)),
      expect: (r) =>
        r.status === 200 ? ['a customer key reached the operator API through %2e%2e'] : [],
    },
    {
      label: 'headers over the size limit',
      send: () =>
        rawRequest(port, rawHead('GET /me HTTP/1.1', tenant, { 'X-Padding': 'a'.repeat(20_000) })),
      expect: (r) => expectStatus(r, 431),
    },
    {
      label: 'a request line over the header size limit',
      send: () => rawRequest(port, rawHead(`GET /sms?text=${'a'.repeat(20_000)} HTTP/1.1`, tenant)),
      expect: (r) =>
        r.status === 414 || r.status === 431 ? [] : [`status ${r.status}, expected 414 or 431`],
    },
    {
      label: 'a header line without a colon',
      send: () => rawRequest(port, rawHead('GET /me HTTP/1.1', tenant) + '\r\nthis is no header'),
      expect: (r) => expectStatus(r, 400),
    },
    {
      label: 'PATCH on /sms, a path that has GET and POST',
      send: () => rawRequest(port, rawHead('PATCH /sms HTTP/1.1', tenant)),
      expect: (r) => expectStatus(r, 405, 'METHOD_NOT_ALLOWED'),
    },
    {
      label: 'JSON in UTF-16',
      send: () =>
        rawRequest(
          port,
          rawHead('POST /sms HTTP/1.1', tenant, {
            'Content-Type': 'application/json; charset=utf-16',
          }),
          Buffer.from(
            JSON.stringify({ phone: '+491701234567', sender_id: 'Taube', text: 'utf-16' }),
            'utf16le',
          ),
        ),
      expect: (r) => expectStatus(r, 415, 'UNSUPPORTED_CHARSET'),
    },
  ]
}
