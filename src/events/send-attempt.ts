// One attempt of one delivery, by its transport: the signed LOX24 webhook, email, the legacy
// push (GET with the fields as query), a Kannel dlr-url, a seven.io-style hook.
import { randomUUID } from 'node:crypto'
import type { Clock } from '../shared/clock.js'
import type { Db } from '../store/database.js'
import { signingSecretOf } from '../store/repositories/seven-hook.repository.js'
import type { EventDeliveryRow } from '../store/tables/event.table.js'
import { envelope, envelopeJson } from './envelope.js'
import { webhookHeaders } from './signing.js'
import type { AttemptResult } from './transports/attempt.js'
import {
  sevenHookRequest,
  signHookRequest,
  type SevenHookDelivery,
} from './transports/seven-hook.js'

export type EventTransports = {
  http: {
    post(
      url: string,
      body: string,
      headers: Record<string, string>,
      contentType?: string,
    ): Promise<AttemptResult>
    get(url: string, headers?: Record<string, string>): Promise<AttemptResult>
  }
  /** null when no SMTP relay is configured: email deliveries fail with that reason. */
  email: { send(to: string, subject: string, body: string): Promise<AttemptResult> } | null
}

const NO_SMTP: AttemptResult = {
  ok: false,
  status: null,
  error: 'no SMTP relay configured (TAUBE_SMTP_URL)',
  latencyMs: 0,
}

export class AttemptSender {
  constructor(
    private readonly deps: { db: Db; clock: Clock },
    private readonly transports: EventTransports,
  ) {}

  send(
    row: EventDeliveryRow,
    attemptNumber: number,
    secret: string | null,
  ): Promise<AttemptResult> {
    switch (row.transport) {
      case 'http': {
        const body = envelopeJson(row, attemptNumber)
        const nowS = Math.floor(this.deps.clock.nowMs() / 1000)
        const headers = webhookHeaders(secret, row.event_id, nowS, body)
        headers['x-lox24-request-id'] = randomUUID().replaceAll('-', '')
        return this.transports.http.post(row.target, body, headers)
      }
      case 'email': {
        if (!this.transports.email) return Promise.resolve(NO_SMTP)
        const body = JSON.stringify(envelope(row, attemptNumber), null, 2)
        return this.transports.email.send(row.target, `Event ${row.name}`, body)
      }
      case 'legacy_get': {
        const fields = JSON.parse(row.data) as Record<string, unknown>
        return this.transports.http.get(withQuery(row.target, fields))
      }
      case 'kannel_dlr':
        // The URL was filled in when the report was recorded (transports/kannel-dlr-url.ts).
        return this.transports.http.get(row.target)
      case 'seven_hook':
        return this.sendSevenHook(row)
      case 'legacy_email': {
        if (!this.transports.email) return Promise.resolve(NO_SMTP)
        const body = JSON.stringify(JSON.parse(row.data), null, 2)
        return this.transports.email.send(row.target, `Event ${row.name}`, body)
      }
    }
  }

  /** A seven.io-style hook's call, signed with its key's secret where the key has one. */
  private async sendSevenHook(row: EventDeliveryRow): Promise<AttemptResult> {
    const delivery = JSON.parse(row.data) as SevenHookDelivery
    const r = sevenHookRequest(row.target, delivery)
    const secret =
      delivery.keyId === null ? null : await signingSecretOf(this.deps.db, delivery.keyId)
    const nowS = Math.floor(this.deps.clock.nowMs() / 1000)
    const headers =
      secret === null ? r.headers : { ...r.headers, ...signHookRequest(r, secret, nowS) }
    return r.method === 'GET'
      ? this.transports.http.get(r.url, headers)
      : this.transports.http.post(r.url, r.body ?? '', headers, r.contentType ?? undefined)
  }
}

/** The legacy push URL with the fields as query parameters; null becomes empty. */
export function withQuery(target: string, params: Record<string, unknown>): string {
  const url = new URL(target)
  for (const [k, v] of Object.entries(params))
    url.searchParams.set(k, v === null || v === undefined ? '' : String(v))
  return url.toString()
}

/** HTTP targets have breakers; email goes to the one relay, whose failures are not the target's. */
export function hasBreaker(row: EventDeliveryRow): boolean {
  return (
    row.transport === 'http' ||
    row.transport === 'legacy_get' ||
    row.transport === 'kannel_dlr' ||
    row.transport === 'seven_hook'
  )
}
