// The one place that touches the `smpp` package (STYLE rule 8). It gives a promise API over a
// bound-or-not SMPP link: request() with a timeout, pending requests failed when the link
// closes, an 'error' listener always in place, TLS certificates verified unless told otherwise,
// and the raw bytes of every PDU read (the package decodes short_message lossily: GSM through its
// own table, bytes ≥ 0x80 to spaces), so callers decode message text with the domain codecs.
import { EventEmitter } from 'node:events'
import net from 'node:net'
import tls from 'node:tls'
import smpp from 'smpp'
import type { Pdu } from 'smpp'

export type SmppPdu = Pdu
export type SmppParams = Record<string, unknown>

export type SmppSessionEvents = {
  /** A request from the peer (deliver_sm, data_sm, enquire_link, unbind, bind_*, submit_sm …). */
  'pdu:in': [pdu: SmppPdu]
  close: []
  error: [err: Error]
}

/** Why a request did not get its response; `code` is what a connector reports. */
export class SmppRequestError extends Error {
  constructor(
    readonly code: 'LINK_DOWN' | 'TIMEOUT',
    message: string,
  ) {
    super(message)
    this.name = 'SmppRequestError'
  }
}

export type TlsOptions = { rejectUnauthorized: boolean; ca?: string | Buffer; servername?: string }

export type ConnectOptions = {
  host: string
  port: number
  tls?: TlsOptions
  /** Default 10 s. */
  connectTimeoutMs?: number
}

const RAW = new WeakMap<SmppPdu, Buffer>()

// Message text is decoded from the raw bytes (messageBytes) with the domain codecs, and sent as
// bytes. The package's own decoding of short_message and message_payload (lossy, see above) is
// never read: it keeps the bytes as they are instead of turning them into strings for nothing.
smpp.filters.message!.decode = (value) => value

/** smpp.Session reading PDUs itself so that it can keep their bytes. */
class RawSession extends smpp.Session {
  override _extractPDUs(): void {
    if (this._busy) return
    this._busy = true
    try {
      while (!this.paused) {
        if (!this._command_length) {
          const length = smpp.PDU.commandLength(this.socket)
          if (!length) break
          if (length < 16) throw new Error(`PDU length ${length} is below the 16-octet header`)
          this._command_length = length
        }
        const body = this.socket.read(this._command_length - 4) as Buffer | null
        if (!body) break
        const raw = Buffer.allocUnsafe(this._command_length)
        raw.writeUInt32BE(this._command_length, 0)
        body.copy(raw, 4)
        this._command_length = null
        const pdu = new smpp.PDU(raw)
        RAW.set(pdu, raw)
        this.emit('pdu', pdu)
      }
    } catch (err) {
      // A malformed stream cannot be resynchronised: drop the link.
      this.emit('error', err instanceof Error ? err : new Error(String(err)))
      this.socket.destroy()
    } finally {
      this._busy = false
    }
  }
}

type Pending = {
  resolve: (pdu: SmppPdu) => void
  reject: (err: Error) => void
  timer: NodeJS.Timeout
}

export class SmppSession extends EventEmitter<SmppSessionEvents> {
  #raw: RawSession
  #socket: net.Socket
  #pending = new Map<number, Pending>()
  #closed = false
  #corked = false
  #markClosed!: () => void
  #whenClosed = new Promise<void>((resolve) => (this.#markClosed = resolve))

  constructor(socket: net.Socket) {
    super()
    this.#socket = socket
    socket.setNoDelay(true)
    this.#raw = new RawSession({ socket })
    this.#raw.on('error', (err: Error) => {
      if (this.listenerCount('error') > 0) this.emit('error', err)
    })
    this.#raw.on('pdu', (pdu: SmppPdu) => this.#onPdu(pdu))
    this.#raw.on('close', () => this.#onClose())
  }

  get closed(): boolean {
    return this.#closed
  }

  /** Resolves when the link has closed, for whatever reason (never rejects). */
  whenClosed(): Promise<void> {
    return this.#whenClosed
  }

  /** Requests sent and not yet answered. */
  get pending(): number {
    return this.#pending.size
  }

  get remote(): string {
    return `${this.#socket.remoteAddress}:${this.#socket.remotePort}`
  }

  /** Sends a request; resolves with its response whatever its command_status. */
  request(
    command: string,
    params: SmppParams = {},
    opts: { timeoutMs?: number } = {},
  ): Promise<SmppPdu> {
    const timeoutMs = opts.timeoutMs ?? 10_000
    return new Promise((resolve, reject) => {
      if (this.#closed) return reject(new SmppRequestError('LINK_DOWN', 'SMPP link is closed'))
      let pdu: SmppPdu
      try {
        pdu = new smpp.PDU(command, toWire(params))
        this.#cork()
        if (!this.#raw.send(pdu)) {
          return reject(new SmppRequestError('LINK_DOWN', 'SMPP link is not writable'))
        }
      } catch (err) {
        return reject(err instanceof Error ? err : new Error(String(err)))
      }
      const seq = pdu.sequence_number
      const timer = setTimeout(() => {
        this.#pending.delete(seq)
        reject(new SmppRequestError('TIMEOUT', `no ${command}_resp within ${timeoutMs} ms`))
      }, timeoutMs)
      this.#pending.set(seq, { resolve, reject, timer })
    })
  }

  /** Answers a request from the peer; `command_status` in params makes it an error response. */
  respond(pdu: SmppPdu, params: SmppParams = {}): void {
    if (this.#closed) return
    this.#cork()
    this.#raw.send(pdu.response(toWire(params)))
  }

  /**
   * Unbinds (unless `unbind: false`, e.g. after the peer unbound), waits for the peer to close
   * within the timeout, then destroys the socket.
   */
  async close(opts: { timeoutMs?: number; unbind?: boolean } = {}): Promise<void> {
    if (this.#closed) return
    const timeoutMs = opts.timeoutMs ?? 5_000
    if (opts.unbind !== false) {
      await this.request('unbind', {}, { timeoutMs }).catch(() => undefined)
    }
    if (this.#closed) return
    this.#socket.end()
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))
    await Promise.race([this.#whenClosed, timedOut])
    clearTimeout(timer)
    this.destroy()
  }

  /** Drops the link at once; pending requests fail with LINK_DOWN. */
  destroy(): void {
    this.#socket.destroy()
  }

  #onPdu(pdu: SmppPdu): void {
    if (pdu.isResponse()) {
      const pending = this.#pending.get(pdu.sequence_number)
      if (!pending) return
      this.#pending.delete(pdu.sequence_number)
      clearTimeout(pending.timer)
      pending.resolve(pdu)
      return
    }
    if (pdu.command === 'unknown') {
      // The package answers an unknown command_id with generic_nack ESME_RINVCMDID.
      this.respond(pdu)
      return
    }
    this.emit('pdu:in', pdu)
  }

  #onClose(): void {
    if (this.#closed) return
    this.#closed = true
    this.#markClosed()
    for (const [seq, pending] of this.#pending) {
      clearTimeout(pending.timer)
      this.#pending.delete(seq)
      pending.reject(new SmppRequestError('LINK_DOWN', 'SMPP link closed before the response'))
    }
    this.emit('close')
  }

  /** Writes of one tick leave in one segment (cork until the next tick). */
  #cork(): void {
    if (this.#corked) return
    this.#corked = true
    this.#socket.cork()
    process.nextTick(() => {
      this.#corked = false
      this.#socket.uncork()
    })
  }
}

/** Opens a TCP (or TLS) connection to an SMSC; binding is the caller's first request. */
export async function connectSmpp(opts: ConnectOptions): Promise<SmppSession> {
  const timeoutMs = opts.connectTimeoutMs ?? 10_000
  const socket = opts.tls
    ? tls.connect({
        host: opts.host,
        port: opts.port,
        rejectUnauthorized: opts.tls.rejectUnauthorized,
        ...(opts.tls.ca === undefined ? {} : { ca: opts.tls.ca }),
        servername: opts.tls.servername ?? (net.isIP(opts.host) ? undefined : opts.host),
      })
    : net.connect({ host: opts.host, port: opts.port })
  const ready = opts.tls ? 'secureConnect' : 'connect'
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`connect timeout after ${timeoutMs} ms`)),
      timeoutMs,
    )
    const fail = (err: Error) => {
      clearTimeout(timer)
      socket.off(ready, ok)
      socket.on('error', () => undefined) // late errors of a socket given up on
      socket.destroy()
      reject(err)
    }
    const ok = () => {
      clearTimeout(timer)
      socket.off('error', fail)
      resolve()
    }
    socket.once(ready, ok)
    socket.once('error', fail)
  })
  return new SmppSession(socket)
}

/** Wraps a socket a server accepted (the SMSC simulator, the gateway's own SMPP server). */
export function acceptSmpp(socket: net.Socket): SmppSession {
  return new SmppSession(socket)
}

/**
 * short_message and message_payload exactly as received, for deliver_sm, data_sm and
 * submit_sm. Null for PDUs not read by an SmppSession.
 */
export function messageBytes(
  pdu: SmppPdu,
): { shortMessage: Uint8Array; messagePayload: Uint8Array | null } | null {
  const raw = RAW.get(pdu)
  const params = smpp.commands[pdu.command]?.params
  if (!raw || !params) return null
  const { types } = smpp
  let offset = 16
  let shortMessage: Uint8Array = new Uint8Array(0)
  for (const [name, { type }] of Object.entries(params)) {
    if (offset >= raw.length) break
    if (type === types.int8) offset += 1
    else if (type === types.int16) offset += 2
    else if (type === types.int32) offset += 4
    else if (type === types.cstring) {
      const nul = raw.indexOf(0, offset)
      offset = nul < 0 ? raw.length : nul + 1
    } else if (type === types.buffer) {
      const length = raw[offset] ?? 0
      if (name === 'short_message') shortMessage = raw.subarray(offset + 1, offset + 1 + length)
      offset += 1 + length
    } else return null // a parameter layout this reader does not know
  }
  let messagePayload: Uint8Array | null = null
  while (offset + 4 <= raw.length) {
    const tag = raw.readUInt16BE(offset)
    const length = raw.readUInt16BE(offset + 2)
    if (tag === 0x0424) messagePayload = raw.subarray(offset + 4, offset + 4 + length)
    offset += 4 + length
  }
  return { shortMessage, messagePayload }
}

/** The package wants Buffers where we hold Uint8Arrays. */
function toWire(params: SmppParams): SmppParams {
  const out: SmppParams = {}
  for (const [key, value] of Object.entries(params)) {
    out[key] =
      value instanceof Uint8Array && !Buffer.isBuffer(value)
        ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
        : value
  }
  return out
}
