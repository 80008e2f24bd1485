// The gateway with its SMPP server on a free loopback port, and the `smpp` package as an
// independent ESME with promise wrappers.
import smppLib from 'smpp'
import { startSmppServer } from '../../src/app/smpp-runtime.js'
import type { Config } from '../../src/config/schema.js'
import { createApiKey } from '../../src/services/keys/manage-keys.js'
import type { SmppServer } from '../../src/smpp-server/server.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

export type Pdu = Record<string, any> & { command: string; command_status: number }

export type Esme = {
  session: any
  /** Sends a request and resolves with its response. */
  send: (command: string, params?: Record<string, unknown>) => Promise<Pdu>
  /** deliver_sm received, answered with status 0. */
  delivered: Pdu[]
  closed: Promise<void>
  close: () => void
}

const smpp = smppLib as unknown as {
  connect: (opts: Record<string, unknown>, listener?: () => void) => any
}

export type Gateway = TestServer & {
  smpp: SmppServer
  port: number
  /** A fresh smpp key of the account: its token is the password. */
  smppPassword: (accountId?: number) => Promise<string>
}

export async function startGateway(
  overrides: Partial<Config> = {},
  opts: Parameters<typeof startTestServer>[1] = {},
  tls: { cert: string; key: string } | null = null,
): Promise<Gateway> {
  const s = await startTestServer(
    {
      smppIdleTimeoutS: 60,
      ...(tls ? { smppTlsPort: 0, smppTlsCert: tls.cert, smppTlsKey: tls.key } : {}),
      ...overrides,
    },
    opts,
  )
  const server = (await startSmppServer(s.ctx, { port: 0 }))!
  return Object.assign(s, {
    smpp: server,
    port: server.ports.plain!,
    smppPassword: async (accountId = s.userId) =>
      (await createApiKey(s.ctx.deps, { accountId, type: 'smpp' })).token,
  })
}

export async function connectEsme(
  port: number,
  opts: { tls?: boolean; answerDeliver?: boolean } = {},
): Promise<Esme> {
  const session = await new Promise<any>((resolve, reject) => {
    const sess = smpp.connect(
      {
        url: `${opts.tls ? 'ssmpp' : 'smpp'}://127.0.0.1:${port}`,
        ...(opts.tls ? { rejectUnauthorized: false } : {}),
      },
      () => resolve(sess),
    )
    sess.once('error', reject)
  })
  session.on('error', () => undefined)
  const delivered: Pdu[] = []
  session.on('deliver_sm', (pdu: any) => {
    delivered.push(pdu)
    if (opts.answerDeliver !== false) session.send(pdu.response())
  })
  session.on('enquire_link', (pdu: any) => session.send(pdu.response()))
  const closed = new Promise<void>((resolve) => session.once('close', () => resolve()))
  return {
    session,
    delivered,
    closed,
    send: (command, params = {}) =>
      new Promise((resolve) => session[command](params, (pdu: Pdu) => resolve(pdu))),
    close: () => session.close(),
  }
}

/** An ESME bound as `type` with the account's password. */
export async function boundEsme(
  g: Gateway,
  type: 'transmitter' | 'receiver' | 'transceiver',
  password: string,
  systemId = String(g.userId),
  opts: { tls?: boolean; answerDeliver?: boolean } = {},
): Promise<Esme> {
  const esme = await connectEsme(opts.tls ? g.smpp.ports.tls! : g.port, opts)
  const resp = await esme.send(`bind_${type}`, { system_id: systemId, password })
  if (resp.command_status !== 0) throw new Error(`bind failed: ${resp.command_status}`)
  return esme
}
