// The gateway the security suite probes: the real server (test-server.ts: SQLite, or PostgreSQL
// with TAUBE_TEST_DATABASE=postgres) with delivery and events running, two customer accounts,
// and a client that speaks to it through `app.inject` as a tenant, as the operator or as nobody.
import type { IncomingHttpHeaders } from 'node:http'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/test-server.js'
import { operationsOf, type Operation } from './openapi-operations.js'

export type Tenant = {
  label: string
  userId: number
  /** `<user_id>:<token>` */
  token: string
  /** Written into every resource the tenant's fixtures make, to spot it in foreign answers. */
  marker: string
}

export type Caller = Tenant | 'admin' | null

export type Call = {
  method: string
  url: string
  headers?: Record<string, string>
  payload?: string | Buffer
  /** Credentials: a tenant's key, the operator token, or none. */
  as: Caller
  /** The client address; each one has its own allowance of failed authentications. */
  ip?: string
}

export type Answer = {
  status: number
  headers: IncomingHttpHeaders
  text: string
  /** The parsed body when the answer says it is JSON, else undefined. */
  json: any
}

export type SecurityServer = {
  server: TestServer
  receiver: Receiver
  doc: any
  /** The operations under the customer key or the operator token, which the suite probes. */
  ops: Operation[]
  /** Operations with credentials of their own: each has a suite of its own (OWN_SUITES). */
  ownCredentialOps: Operation[]
  a: Tenant
  b: Tenant
  call: (c: Call) => Promise<Answer>
  /** A client address not used before, so no test trips the IP block of another. */
  freshIp: () => string
  close: () => Promise<void>
}

export async function startSecurityServer(): Promise<SecurityServer> {
  const server = await startTestServer(
    { webhookAllowPrivate: true },
    { delivery: { idleMs: 20 }, events: { idleMs: 20 } },
  )
  const receiver = await startReceiver()
  let ipCounter = 0
  const freshIp = () => {
    ipCounter++
    return `10.77.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`
  }
  const call = async (c: Call): Promise<Answer> => {
    const headers: Record<string, string> = {}
    if (c.as === 'admin') headers.authorization = `Bearer ${ADMIN_TOKEN}`
    else if (c.as !== null) headers['x-lox24-auth-token'] = c.as.token
    Object.assign(headers, c.headers)
    const r = await server.app.inject({
      method: c.method as 'GET',
      url: c.url,
      headers,
      remoteAddress: c.ip ?? '127.0.0.1',
      ...(c.payload === undefined ? {} : { payload: c.payload }),
    })
    const type = String(r.headers['content-type'] ?? '')
    let json: unknown
    if (/json/.test(type) && r.body !== '') {
      try {
        json = JSON.parse(r.body)
      } catch {
        json = undefined
      }
    }
    return { status: r.statusCode, headers: r.headers as IncomingHttpHeaders, text: r.body, json }
  }
  try {
    const doc = (await call({ method: 'GET', url: '/openapi.json', as: null })).json
    const tenant = async (label: string): Promise<Tenant> => {
      const marker = `sec${label}${Math.random().toString(36).slice(2, 8)}`
      // Voice enabled: the SMS fixture is a voice message, so that its audio preview is probed too.
      const t = await server.createAccount({
        name: `tenant ${marker}`,
        balance: '500',
        services: ['direct', 'economy', 'pro', 'text2speech'],
      })
      return { label, userId: t.userId, token: t.token, marker }
    }
    const a = await tenant('a')
    const b = await tenant('b')
    return {
      server,
      receiver,
      doc,
      ops: operationsOf(doc).filter((op) => op.ownCredentials.length === 0),
      ownCredentialOps: operationsOf(doc).filter((op) => op.ownCredentials.length > 0),
      a,
      b,
      call,
      freshIp,
      async close() {
        await server.close()
        await receiver.close()
      },
    }
  } catch (e) {
    await server.close()
    await receiver.close()
    throw e
  }
}
