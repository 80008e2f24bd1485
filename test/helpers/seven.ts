// The seven.io-compatible API from a test: keys of type seven through the operator API, and
// requests as seven's clients send them (a form, JSON, a legacy GET).
import assert from 'node:assert/strict'
import type { HttpResponse } from './http.js'
import type { TestServer } from './test-server.js'

export type SevenKeyOptions = {
  type?: string
  endpoints?: string[] | null
  signing_secret?: string | null
  ip_allowlist?: string[] | null
}

/** A new key of the account (seven by default); its token. */
export async function sevenKey(
  s: TestServer,
  accountId: number,
  opts: SevenKeyOptions = {},
): Promise<string> {
  const r = await s.admin(`/admin/accounts/${accountId}/keys`, {
    body: { name: 'seven', type: 'seven', ...opts },
  })
  assert.equal(r.status, 201, r.text)
  return r.body.token as string
}

/** POST /api/sms with a JSON body; the JSON answer unless `accept` says otherwise. */
export function postJson(
  s: TestServer,
  key: string | null,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  return s.request('/api/sms', {
    headers: { ...(key ? { 'X-Api-Key': key } : {}), Accept: 'application/json', ...headers },
    body,
  })
}

/** POST /api/sms as a form; the plain-text answer unless Accept says otherwise. */
export function postForm(
  s: TestServer,
  key: string | null,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  return s.request('/api/sms', {
    headers: {
      ...(key ? { 'X-Api-Key': key } : {}),
      'Content-Type': 'application/x-www-form-urlencoded',
      ...headers,
    },
    rawBody: new URLSearchParams(params).toString(),
  })
}

/** The first line of a plain-text answer: the return code. */
export function codeOf(r: HttpResponse): string {
  return r.text.split('\n')[0]!
}

let counter = 0
/** A German mobile number no other test of the process used (the reload lock counts per number). */
export function freshNumber(): string {
  counter++
  return `+4917${String(10_000_000 + counter * 7919).slice(-8)}`
}

/** The account's balance in micro units, as the store holds it. */
export async function balanceMicro(s: TestServer, accountId: number): Promise<number> {
  const row = await s.ctx.deps.db
    .selectFrom('accounts')
    .select('balance_micro')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow()
  return Number(row.balance_micro)
}

/** The message row with this seven id. */
export async function smsRowOf(s: TestServer, id: string) {
  return s.ctx.deps.db
    .selectFrom('sms')
    .selectAll()
    .where('facade_id', '=', id)
    .executeTakeFirstOrThrow()
}
