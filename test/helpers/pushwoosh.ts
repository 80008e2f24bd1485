// The Pushwoosh-compatible API from a test: applications and presets through the operator API,
// and calls as Pushwoosh's clients send them (`{"request": {application, auth, …}}`).
import assert from 'node:assert/strict'
import type { HttpResponse } from './http.js'
import type { TestServer } from './test-server.js'

export type PushwooshApp = { code: string; auth: string; key_id: number }

/** A new application of the account; its code and auth token. */
export async function pushwooshApp(
  s: TestServer,
  accountId: number,
  body: Record<string, unknown> = {},
): Promise<PushwooshApp> {
  const r = await s.admin(`/admin/accounts/${accountId}/applications`, {
    body: { name: 'Shop app', ...body },
  })
  assert.equal(r.status, 201, r.text)
  return r.body
}

/** A new preset of the application; its code. */
export async function pushwooshPreset(
  s: TestServer,
  accountId: number,
  app: string,
  content: string,
): Promise<string> {
  const r = await s.admin(`/admin/accounts/${accountId}/applications/${app}/presets`, {
    body: { name: 'preset', content },
  })
  assert.equal(r.status, 201, r.text)
  return r.body.code
}

/** POST /json/1.3/{method} with `request` as the body's request object. */
export function pushwoosh(
  s: TestServer,
  method: string,
  request: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  return s.request(`/json/1.3/${method}`, { body: { request }, headers })
}

/** The call as the application: its code and auth added to the fields. */
export function asApp(s: TestServer, app: PushwooshApp) {
  return (method: string, fields: Record<string, unknown> = {}) =>
    pushwoosh(s, method, { application: app.code, auth: app.auth, ...fields })
}

let counter = 0
/** A German mobile number no other test of the process used. */
export function freshPhone(prefix = '+4917'): string {
  counter++
  return `${prefix}${String(20_000_000 + counter * 7919).slice(-8)}`
}

/** Asserts an argument error (HTTP 200, status_code 210) with this message. */
export function assertRefused(r: HttpResponse, message: string | RegExp, response: unknown = null) {
  assert.equal(r.status, 200, r.text)
  assert.equal(r.body.status_code, 210, r.text)
  if (typeof message === 'string') assert.equal(r.body.status_message, message)
  else assert.match(r.body.status_message, message)
  assert.deepEqual(r.body.response, response)
}
