// How to make a resource for each path parameter of the API: one table, keyed by the path
// template up to and including the parameter (`/groups/{id}` fills the `{id}` of /groups/{id},
// /groups/{id}/phones, /groups/{id}/file/csv …). A documented path whose parameter has no row
// here fails the suite (see `missingFixtureKeys`): a new endpoint cannot go untested.
import { GATEWAY_ACCOUNT_ID } from '../../src/domain/message/gateway-account.js'
import { waitFor } from '../helpers/wait-for.js'
import { issueShortLink } from '../../src/services/links/issue-links.js'
import { parameterKeys, type Operation } from './openapi-operations.js'
import type { Answer, Call, SecurityServer, Tenant } from './security-server.js'

export type FixtureEnv = {
  s: SecurityServer
  tenant: Tenant
  /** The value of another key for the same tenant (made on first use). */
  get: (key: string) => Promise<string>
}

export type Fixture = {
  /** Makes one through the API for the tenant; returns the path parameter's value. */
  create: (env: FixtureEnv) => Promise<string>
  /** Reads it back through the API: a snapshot that calls of another tenant must not change. */
  read: (env: FixtureEnv, id: string) => Promise<unknown>
  /** A value of the same form that names nothing. */
  missing: string
  /** Keys it is made under: when one of them is dropped, so is this. */
  dependsOn?: string[]
}

const SCHEDULED_IN_S = 30 * 24 * 3600

export const FIXTURES: Record<string, Fixture> = {
  // Scheduled a month ahead on the test clock, so delivery leaves it as it is; a voice message
  // (text2speech), which every /sms/{uuid} operation takes, its audio preview included.
  '/sms/{uuid}': {
    create: async ({ s, tenant }) => {
      const r = await ok(s, tenant, 'POST', '/sms', {
        phone: '+491701234567',
        sender_id: 'Taube',
        service_code: 'text2speech',
        text: `text ${tenant.marker}`,
        callback_data: tenant.marker,
        delivery_at: s.server.clock.nowS() + SCHEDULED_IN_S,
      })
      return r.json.uuid
    },
    read: ({ s, tenant }, id) => okJson(s, tenant, `/sms/${id}`),
    missing: '019bc186-de00-7000-8000-000000000000',
  },
  '/api_keys/{id}': {
    create: async ({ s, tenant }) => {
      const r = await ok(s, tenant, 'POST', '/api_keys', { name: `key ${tenant.marker}` })
      return String(r.json.id)
    },
    read: ({ s, tenant }, id) => okJson(s, tenant, `/api_keys/${id}`),
    missing: '999999999',
  },
  '/webhooks/{id}': {
    create: async ({ s, tenant }) => {
      const r = await ok(s, tenant, 'POST', '/webhooks', {
        uri: `${s.receiver.url}/${tenant.marker}`,
      })
      return String(r.json.id)
    },
    read: ({ s, tenant }, id) => okJson(s, tenant, `/webhooks/${id}`),
    missing: '999999999',
  },
  // An event sent to the webhook: a dryrun notifies every webhook of the account.
  '/webhooks/{id}/events/{event_id}': {
    dependsOn: ['/webhooks/{id}'],
    create: async ({ s, tenant, get }) => {
      const hook = await get('/webhooks/{id}')
      await ok(s, tenant, 'POST', '/sms/dryrun', {
        phone: '+491701234567',
        sender_id: 'Taube',
        text: `dryrun ${tenant.marker}`,
      })
      const attempt = await waitFor(`an attempt of webhook ${hook}`, async () => {
        const r = await okJson(s, tenant, `/webhooks/${hook}/attempts`)
        return r['hydra:member'][0] as { event_id: string } | undefined
      })
      return attempt.event_id
    },
    read: async ({ s, tenant, get }, id) => {
      const r = await okJson(
        s,
        tenant,
        `/webhooks/${await get('/webhooks/{id}')}/attempts?event_id=${id}`,
      )
      return r['hydra:member']
    },
    missing: '019bc186-de00-7000-8000-000000000000',
  },
  '/groups/{id}': {
    create: async ({ s, tenant }) => {
      const r = await ok(s, tenant, 'POST', '/groups', {
        name: `group ${tenant.marker}`,
        phones: [{ phone: '+491701230001', callback_data: tenant.marker }],
      })
      return String(r.json.id)
    },
    read: async ({ s, tenant }, id) => [
      await okJson(s, tenant, `/groups/${id}`),
      (await okJson(s, tenant, `/groups/${id}/phones`))['hydra:member'],
    ],
    missing: '999999999',
  },
  '/phones/{id}': {
    dependsOn: ['/groups/{id}'],
    create: async ({ s, tenant, get }) => {
      const group = await get('/groups/{id}')
      const r = await ok(s, tenant, 'POST', `/groups/${group}/phones`, {
        phone: '+491701230002',
        a: tenant.marker,
      })
      return String(r.json.id)
    },
    read: ({ s, tenant }, id) => okJson(s, tenant, `/phones/${id}`),
    missing: '999999999',
  },
  // No bulk expander runs in the suite: a bulk stays new (status 0) until cancelled.
  '/bulks/{id}': {
    create: async ({ s, tenant }) => {
      const r = await ok(s, tenant, 'POST', '/bulks', {
        sender_id: 'Taube',
        text: `bulk ${tenant.marker}`,
        phones: ['+491701230003'],
      })
      return r.json.uuid
    },
    read: async ({ s, tenant }, id) => [
      await okJson(s, tenant, `/bulks/${id}`),
      await okJson(s, tenant, `/bulks/${id}/status`),
    ],
    missing: '019bc186-de00-7000-8000-000000000000',
  },
  '/short_link_campaigns/{code}': {
    create: async ({ s, tenant }) => {
      const r = await ok(s, tenant, 'POST', '/short_link_campaigns', {
        type: 2,
        name: `campaign ${tenant.marker}`,
        url: `https://shop.example.com/${tenant.marker}`,
      })
      return r.json.id
    },
    read: ({ s, tenant }, code) => okJson(s, tenant, `/short_link_campaigns/${code}`),
    missing: 'Zz00Zz00',
  },
  // An SMS of the tenant with a short link of its own (issued as message texts do).
  '/sms/clicks/{uuid}': {
    create: async ({ s, tenant }) => {
      const r = await ok(s, tenant, 'POST', '/sms', {
        phone: '+491701234567',
        sender_id: 'Taube',
        text: `link ${tenant.marker}`,
        delivery_at: s.server.clock.nowS() + SCHEDULED_IN_S,
      })
      const uuid: string = r.json.uuid
      await issueShortLink(s.server.ctx.deps, tenant.userId, 'https://shop.example.com/', {
        smsId: uuid,
      })
      return uuid
    },
    read: ({ s, tenant }, id) => okJson(s, tenant, `/sms/clicks/${id}`),
    missing: '019bc186-de00-7000-8000-000000000000',
  },
  // An SMS to the tenant's inbound number, originated by the running simulator.
  '/incomings/{uuid}': {
    dependsOn: ['/admin/inbound-numbers/{id}'],
    create: async ({ s, tenant, get }) => {
      await get('/admin/inbound-numbers/{id}')
      const r = await adminOk(s, 'POST', '/admin/simulator/mo', {
        from: '+491709990000',
        to: inboundNumberOf(tenant),
        text: `incoming ${tenant.marker}`,
        connector: 'simulator',
      })
      return r.json.uuid
    },
    read: ({ s, tenant }, id) => okJson(s, tenant, `/incomings/${id}`),
    missing: '019bc186-de00-7000-8000-000000000000',
  },

  // A fraud check, pending: the security server runs no fraud-check worker.
  '/fraud-checks/{id}': {
    create: async ({ s, tenant }) => {
      const r = await ok(s, tenant, 'POST', '/fraud-checks', {
        service_code: 'pro',
        phone: '+491701234567',
        email: `fraud-${tenant.marker}@example.com`,
        callback_data: tenant.marker,
      })
      return r.json.id
    },
    read: ({ s, tenant }, id) => okJson(s, tenant, `/fraud-checks/${id}`),
    missing: '019bc186-de00-7000-8000-000000000000',
  },

  // A pending registration: a code SMS goes to the number. Every one gets a number of its own,
  // as a number takes one code a minute; the code is kept for the owner's verify request.
  '/sender-numbers/{id}': {
    create: async ({ s, tenant }) => {
      const number = senderNumberFor(tenant)
      const r = await ok(s, tenant, 'POST', '/sender-numbers', { number })
      SENDER_CODES.set(tenant.marker, await codeSentTo(s, number))
      return String(r.json.id)
    },
    read: ({ s, tenant }, id) => okJson(s, tenant, `/sender-numbers/${id}`),
    missing: '999999999',
  },

  // A slot of the caller's own account, not an id: B's slot 1 is B's own (see OWN_PLACES).
  '/sender-ids/{slot}': {
    create: async ({ s, tenant }) => {
      await ok(s, tenant, 'PUT', '/sender-ids/1', { sender_id: tenant.marker })
      return '1'
    },
    read: ({ s, tenant }) => okJson(s, tenant, '/sender-ids'),
    missing: '6',
  },

  // Operator API. The tenant's own account, key and webhook: the resources a customer key would
  // most like to change through it.
  '/admin/accounts/{id}': {
    create: async ({ tenant }) => String(tenant.userId),
    read: async ({ s }, id) => (await adminOk(s, 'GET', `/admin/accounts/${id}`)).json,
    missing: '999999999',
  },
  '/admin/keys/{id}': {
    dependsOn: ['/admin/accounts/{id}'],
    create: async ({ s, tenant }) => {
      const keys = (await adminOk(s, 'GET', `/admin/accounts/${tenant.userId}/keys`)).json.keys
      return String(keys[0].id)
    },
    read: async ({ s, tenant }, id) => {
      const keys = (await adminOk(s, 'GET', `/admin/accounts/${tenant.userId}/keys`)).json.keys
      // Last use moves with every request of the tenant; what it may do does not.
      return keys
        .filter((k: { id: number }) => String(k.id) === id)
        .map(({ last_used_at: _a, last_used_ip: _i, ...rest }: Record<string, unknown>) => rest)
    },
    missing: '999999999',
  },
  // Disabled, so it never takes part in delivery.
  '/admin/connectors/{id}': {
    create: async ({ s, tenant }) => {
      const id = `sec-${tenant.marker}`
      await adminOk(s, 'PUT', `/admin/connectors/${id}`, {
        kind: 'simulator',
        config: {},
        enabled: false,
      })
      return id
    },
    read: async ({ s }, id) => {
      const list = (await adminOk(s, 'GET', '/admin/connectors')).json
      return (list.connectors ?? list).filter((c: { id: string }) => c.id === id)
    },
    missing: 'sec-missing',
  },
  // A prefix no test number has, so it routes nothing.
  '/admin/routes/{id}': {
    dependsOn: ['/admin/connectors/{id}'],
    create: async ({ s, tenant, get }) => {
      const r = await adminOk(s, 'POST', '/admin/routes', {
        account_id: tenant.userId,
        prefix: '+999',
        connector_ids: [await get('/admin/connectors/{id}')],
      })
      return String(r.json.id)
    },
    read: async ({ s }, id) => {
      const list = (await adminOk(s, 'GET', '/admin/routes')).json
      return (list.routes ?? list).filter((r: { id: number }) => String(r.id) === id)
    },
    missing: '999999999',
  },
  '/admin/accounts/{id}/webhooks/{webhookId}': {
    dependsOn: ['/admin/accounts/{id}', '/webhooks/{id}'],
    create: ({ get }) => get('/webhooks/{id}'),
    read: async ({ s, tenant }, id) => {
      const list = (await adminOk(s, 'GET', `/admin/accounts/${tenant.userId}/webhooks`)).json
      return (list.webhooks ?? list['hydra:member'] ?? list).filter(
        (w: { id: number }) => String(w.id) === id,
      )
    },
    missing: '999999999',
  },
  '/admin/inbound-numbers/{id}': {
    create: async ({ s, tenant }) => {
      const r = await adminOk(s, 'POST', '/admin/inbound-numbers', {
        number: inboundNumberOf(tenant),
        account_id: tenant.userId,
      })
      return String(r.json.id)
    },
    read: async ({ s }, id) => (await adminOk(s, 'GET', `/admin/inbound-numbers/${id}`)).json,
    missing: '999999999',
  },
  // Verified by the operator at once: no code SMS, no sending limit.
  '/admin/sender-numbers/{id}': {
    create: async ({ s, tenant }) => {
      const r = await adminOk(s, 'POST', '/admin/sender-numbers', {
        number: senderNumberFor(tenant),
        account_id: tenant.userId,
      })
      return String(r.json.id)
    },
    read: async ({ s }, id) => (await adminOk(s, 'GET', `/admin/sender-numbers/${id}`)).json,
    missing: '999999999',
  },
  // A Pushwoosh application of the tenant's account, and a preset of it.
  '/admin/accounts/{id}/applications/{code}': {
    dependsOn: ['/admin/accounts/{id}'],
    create: async ({ s, tenant }) => {
      const r = await adminOk(s, 'POST', `/admin/accounts/${tenant.userId}/applications`, {
        name: `app ${tenant.marker}`,
      })
      return r.json.code
    },
    read: async ({ s, tenant }, code) => {
      const list = (await adminOk(s, 'GET', `/admin/accounts/${tenant.userId}/applications`)).json
      return list.applications.filter((a: { code: string }) => a.code === code)
    },
    missing: 'ZZZZZ-ZZZZZ',
  },
  '/admin/accounts/{id}/applications/{code}/presets/{preset}': {
    dependsOn: ['/admin/accounts/{id}/applications/{code}'],
    create: async ({ s, tenant, get }) => {
      const app = await get('/admin/accounts/{id}/applications/{code}')
      const r = await adminOk(
        s,
        'POST',
        `/admin/accounts/${tenant.userId}/applications/${app}/presets`,
        { name: `preset ${tenant.marker}`, content: `Hello ${tenant.marker}` },
      )
      return r.json.code
    },
    read: async ({ s, tenant, get }, code) => {
      const app = await get('/admin/accounts/{id}/applications/{code}')
      const path = `/admin/accounts/${tenant.userId}/applications/${app}/presets`
      return (await adminOk(s, 'GET', path)).json.presets.filter(
        (p: { code: string }) => p.code === code,
      )
    },
    missing: 'ZZZZZ-ZZZZZ',
  },
  // An address of its own blocked by bad keys that name no account (so no account is locked).
  '/admin/auth-blocks/addresses/{address}': {
    create: async ({ s }) => {
      const ip = s.freshIp()
      for (let i = 0; i <= AUTH_TRIES; i++) {
        await s.call({
          method: 'GET',
          url: '/me',
          as: null,
          ip,
          headers: { 'x-lox24-auth-token': BAD_KEY },
        })
      }
      await blockOf(s, 'ip', ip)
      return ip
    },
    read: async ({ s }, id) => blockOf(s, 'ip', id),
    missing: '192.0.2.1',
  },
  // An account of its own, locked by guesses at its key from many addresses: the tenants' own
  // accounts stay usable.
  '/admin/auth-blocks/accounts/{id}': {
    create: async ({ s, tenant }) => {
      const { userId } = await s.server.createAccount({ name: `locked ${tenant.marker}` })
      for (let i = 0; i <= ACCOUNT_TRIES; i++) {
        await s.call({
          method: 'GET',
          url: '/me',
          as: null,
          ip: s.freshIp(),
          headers: { 'x-lox24-auth-token': `${userId}:${BAD_KEY}` },
        })
      }
      await blockOf(s, 'account', String(userId))
      return String(userId)
    },
    read: async ({ s }, id) => blockOf(s, 'account', id),
    missing: '999999999',
  },
}

/**
 * Path parameters that name a place in the caller's own account (a slot), not a resource: the
 * same value names B's own place, so B gets B's answer, never 404. Their suite checks that B's
 * calls leave A's places as they were and show nothing of A's.
 */
export const OWN_PLACES = ['/sender-ids/{slot}']

/** Failures an address, and an account, may have before the block (src/services/auth-guard). */
const AUTH_TRIES = 4
const ACCOUNT_TRIES = 11
const BAD_KEY = 'wrongwrongwrongwrongwrongwrong12'

/** The code sent to each tenant's last registered sender number, by the tenant's marker. */
export const SENDER_CODES = new Map<string, string>()

let senderNumbers = 0

/** A number no other fixture or test registered: `+4930` (Berlin), the user id, a counter. */
function senderNumberFor(tenant: Tenant): string {
  senderNumbers++
  return `+4930${String(tenant.userId).padStart(4, '0').slice(-4)}${String(senderNumbers).padStart(4, '0')}`
}

/**
 * The code of the last code SMS to the number, read from the store: the SMS is the gateway's
 * own, no account's key shows it.
 */
async function codeSentTo(s: SecurityServer, number: string): Promise<string> {
  const row = await s.server.ctx.deps.db
    .selectFrom('sms')
    .select('text')
    .where('account_id', '=', GATEWAY_ACCOUNT_ID)
    .where('phone', '=', number)
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
  const code = /\b(\d{6})\b/.exec(String(row?.text ?? ''))?.[1]
  if (code === undefined) throw new Error(`fixture: no code SMS to ${number}`)
  return code
}

/** The block of that kind on the subject, as the operator API lists it (there must be one). */
async function blockOf(s: SecurityServer, kind: string, subject: string): Promise<unknown> {
  const blocks = (await adminOk(s, 'GET', '/admin/auth-blocks')).json.blocks as {
    kind: string
    subject: string
  }[]
  const block = blocks.find((b) => b.kind === kind && b.subject === subject)
  if (block === undefined)
    throw new Error(`fixture: no ${kind} block on ${subject}: ${JSON.stringify(blocks)}`)
  return block
}

/** The tenant's own inbound number. */
export function inboundNumberOf(tenant: Tenant): string {
  return `+4915799${String(tenant.userId).padStart(7, '0').slice(-7)}`
}

/** Parameter keys of the document that the table cannot fill. */
export function missingFixtureKeys(ops: Operation[]): string[] {
  const keys = new Set(ops.flatMap((op) => parameterKeys(op.path).map((p) => p.key)))
  return [...keys].filter((k) => !(k in FIXTURES)).sort()
}

/**
 * A tenant's resources, made on first use and kept until dropped (after a DELETE took one, or
 * anything it was made under).
 */
export class TenantFixtures {
  private readonly made = new Map<string, Promise<string>>()

  constructor(
    private readonly s: SecurityServer,
    readonly tenant: Tenant,
  ) {}

  get(key: string): Promise<string> {
    let v = this.made.get(key)
    if (v === undefined) {
      const fixture = FIXTURES[key]
      if (fixture === undefined) throw new Error(`no fixture for the path parameter ${key}`)
      v = fixture.create(this.env())
      this.made.set(key, v)
      v.catch(() => this.made.delete(key))
    }
    return v
  }

  /** The values of every parameter of a path template (made as needed). */
  async fill(path: string): Promise<{ values: Record<string, string>; keys: string[] }> {
    const values: Record<string, string> = {}
    const keys: string[] = []
    for (const { name, key } of parameterKeys(path)) {
      values[name] = await this.get(key)
      keys.push(key)
    }
    return { values, keys }
  }

  /** Snapshots of the resources of the given keys, read through the API. */
  async read(keys: string[]): Promise<unknown[]> {
    const out: unknown[] = []
    for (const key of keys) out.push(await FIXTURES[key]!.read(this.env(), await this.get(key)))
    return out
  }

  /** Forgets a resource and what was made under it; the next use makes new ones. */
  drop(key: string): void {
    this.made.delete(key)
    for (const [k, f] of Object.entries(FIXTURES)) {
      if (this.made.has(k) && f.dependsOn?.includes(key)) this.drop(k)
    }
  }

  /** Every value made so far, to look for in answers to another tenant. */
  async values(): Promise<string[]> {
    const out: string[] = []
    for (const v of this.made.values()) out.push(await v)
    return out
  }

  private env(): FixtureEnv {
    return { s: this.s, tenant: this.tenant, get: (key) => this.get(key) }
  }
}

async function ok(
  s: SecurityServer,
  as: Tenant,
  method: string,
  url: string,
  body?: unknown,
): Promise<Answer> {
  return expectOk(s, { method, url, as, ...jsonPayload(body) })
}

async function adminOk(
  s: SecurityServer,
  method: string,
  url: string,
  body?: unknown,
): Promise<Answer> {
  return expectOk(s, { method, url, as: 'admin', ...jsonPayload(body) })
}

async function okJson(s: SecurityServer, as: Tenant, url: string): Promise<any> {
  return (await ok(s, as, 'GET', url)).json
}

async function expectOk(s: SecurityServer, c: Call): Promise<Answer> {
  const r = await s.call(c)
  if (r.status < 200 || r.status > 299)
    throw new Error(`fixture: ${c.method} ${c.url} → ${r.status} ${r.text}`)
  return r
}

function jsonPayload(body: unknown): Pick<Call, 'payload' | 'headers'> {
  if (body === undefined) return {}
  return { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
}
