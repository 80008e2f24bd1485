// The standalone simulator's HTTP control port: an operator or a black-box test makes it originate
// MO messages and reads its counters without speaking SMPP. Two routes need no framework, so this
// is plain node:http.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { SmppRequestError } from '../smpp/session.js'
import { gsm7Septets } from '../domain/encoding/gsm7.js'
import { splitParts } from '../domain/encoding/segments.js'
import type { MoOptions, SmscSim } from './smsc-sim.js'
import { MoRefusedError, NoReceiverError } from './sim-outbound.js'

export type ControlServer = { port: number; close(): Promise<void> }

const MAX_BODY = 64 * 1024

/** POST /mo fields with a fixed set of values; the other fields are strings. */
const CHOICES = {
  encoding: ['gsm7', 'ucs2'],
  split: ['udh', 'sar', 'none'],
  via: ['deliver_sm', 'data_sm'],
} as const
const FIELDS = ['from', 'to', 'text', 'system_id', ...Object.keys(CHOICES)]

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message)
  }
}

export async function startControlServer(
  sim: SmscSim,
  { host, port }: { host: string; port: number },
): Promise<ControlServer> {
  const server = http.createServer((req, res) => {
    route(sim, req).then(
      ({ status, body }) => send(res, status, body),
      (err: unknown) => {
        if (!(err instanceof ControlError)) return send(res, 500, { error: String(err) })
        send(res, err.status, { error: err.message, ...(err.field ? { field: err.field } : {}) })
      },
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        // An MO still waiting for its deliver_sm_resp must not hold up shutdown.
        server.closeAllConnections()
      }),
  }
}

async function route(
  sim: SmscSim,
  req: http.IncomingMessage,
): Promise<{ status: number; body: unknown }> {
  const path = new URL(req.url ?? '/', 'http://control').pathname
  if (req.method === 'GET' && path === '/stats') return { status: 200, body: sim.stats() }
  if (req.method !== 'POST' || path !== '/mo') throw new ControlError(404, 'not found')
  const mo = parseMo(await readBody(req))
  try {
    await sim.originateMo(mo)
  } catch (err) {
    if (err instanceof NoReceiverError) throw new ControlError(409, err.message)
    if (err instanceof SmppRequestError || err instanceof MoRefusedError) {
      throw new ControlError(502, (err as Error).message)
    }
    throw err
  }
  return { status: 202, body: { sent: true, parts: partCount(mo) } }
}

/** Reads the whole body even past the limit, so the 413 reaches a client still sending. */
function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY) chunks.push(chunk)
    })
    req.on('end', () => {
      if (size > MAX_BODY) reject(new ControlError(413, `body exceeds ${MAX_BODY} bytes`))
      else resolve(Buffer.concat(chunks).toString('utf8'))
    })
    req.on('error', reject)
  })
}

function parseMo(body: string): MoOptions {
  let input: unknown
  try {
    input = JSON.parse(body)
  } catch {
    throw new ControlError(400, 'body is not valid JSON', 'body')
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ControlError(400, 'body must be a JSON object', 'body')
  }
  const o = input as Record<string, unknown>
  // A typo such as `viaDataSm` would otherwise be ignored silently.
  const extra = Object.keys(o).find((k) => !FIELDS.includes(k))
  if (extra !== undefined) throw new ControlError(400, `unknown field ${extra}`, extra)
  const [from, to, text] = [string(o, 'from'), string(o, 'to'), string(o, 'text')]
  const systemId = o.system_id === undefined ? undefined : string(o, 'system_id')
  const encoding = choice(o, 'encoding')
  if (encoding === 'gsm7' && !isGsm(text)) {
    throw new ControlError(400, 'text has characters outside GSM 03.38', 'text')
  }
  const viaDataSm = choice(o, 'via') === 'data_sm'
  return { from, to, text, encoding, split: choice(o, 'split'), viaDataSm, systemId }
}

function string(o: Record<string, unknown>, field: string): string {
  const value = o[field]
  if (typeof value !== 'string' || value === '') {
    throw new ControlError(400, `${field} must be a non-empty string`, field)
  }
  return value
}

function choice<K extends keyof typeof CHOICES>(
  o: Record<string, unknown>,
  field: K,
): (typeof CHOICES)[K][number] | undefined {
  const value = o[field]
  const allowed: readonly unknown[] = CHOICES[field]
  if (value === undefined) return undefined
  if (!allowed.includes(value)) {
    throw new ControlError(400, `${field} must be one of ${allowed.join(', ')}`, field)
  }
  return value as (typeof CHOICES)[K][number]
}

function isGsm(text: string): boolean {
  return [...text].every((ch) => gsm7Septets(ch) > 0)
}

/** The split SimOutbound.originateMo makes, which it does not report. */
function partCount(mo: MoOptions): number {
  if (mo.split === 'none') return 1
  return splitParts(mo.text, mo.encoding ?? (isGsm(mo.text) ? 'gsm7' : 'ucs2')).length
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}
