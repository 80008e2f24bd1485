// A promise API over an SMPP link, on the codec in pdu-codec.ts: request() with a timeout,
// pending requests failed when the link closes, an 'error' listener always in place, TLS
// certificates verified unless told otherwise. Message bytes stay bytes; callers decode text
// with the domain codecs.
import { EventEmitter } from 'node:events'
import net from 'node:net'
import tls from 'node:tls'
import { SMPP_STATUS } from '../domain/dlr/smpp-errors.js'
import {
  PduReader,
  encodePdu,
  isResponse,
  responseCommand,
  type SmppParams,
  type SmppPdu,
} from './pdu-codec.js'
import type { SmppCommand } from './pdu-tables.js'

export type { SmppParams, SmppPdu }

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

/** §5.1.4: sequence numbers run 0x00000001 to 0x7FFFFFFF. */
const MAX_SEQUENCE = 0x7fffffff

type Pending = {
  resolve: (pdu: SmppPdu) => void
  reject: (err: Error) => void
  timer: NodeJS.Timeout
}

export class SmppSession extends EventEmitter<SmppSessionEvents> {
  #socket: net.Socket
  #reader = new PduReader()
  #sequence = 0
  #pending = new Map<number, Pending>()
  #closed = false
  #corked = false
  #markClosed!: () => void
  #whenClosed = new Promise<void>((resolve) => (this.#markClosed = resolve))

  constructor(socket: net.Socket) {
    super()
    this.#socket = socket
    socket.setNoDelay(true)
    socket.on('error', (err: Error) => {
      if (this.listenerCount('error') > 0) this.emit('error', err)
    })
    socket.on('data', (chunk: Buffer) => this.#read(chunk))
    socket.on('close', () => this.#onClose())
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
    command: SmppCommand,
    params: SmppParams = {},
    opts: { timeoutMs?: number } = {},
  ): Promise<SmppPdu> {
    const timeoutMs = opts.timeoutMs ?? 10_000
    return new Promise((resolve, reject) => {
      if (this.#closed) return reject(new SmppRequestError('LINK_DOWN', 'SMPP link is closed'))
      const seq = (this.#sequence = this.#sequence === MAX_SEQUENCE ? 1 : this.#sequence + 1)
      try {
        if (!this.#write(encodePdu(command, seq, params))) {
          return reject(new SmppRequestError('LINK_DOWN', 'SMPP link is not writable'))
        }
      } catch (err) {
        return reject(err instanceof Error ? err : new Error(String(err)))
      }
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
    const command = responseCommand(pdu.command)
    const status =
      typeof params.command_status === 'number'
        ? params.command_status
        : command === 'generic_nack'
          ? SMPP_STATUS.ESME_RINVCMDID
          : 0
    this.#write(encodePdu(command, pdu.sequence_number, params, status))
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

  #read(chunk: Buffer): void {
    try {
      this.#reader.read(
        chunk,
        (pdu) => this.#onPdu(pdu),
        () => !this.#socket.destroyed,
      )
    } catch (err) {
      // A malformed stream cannot be resynchronised, and a PDU its handler failed on is lost to
      // the link: drop it either way, and the peer sends again what it had no answer to.
      const error = err instanceof Error ? err : new Error(String(err))
      if (this.listenerCount('error') > 0) this.emit('error', error)
      this.#socket.destroy()
    }
  }

  #write(bytes: Buffer): boolean {
    if (!this.#socket.writable) return false
    this.#cork()
    this.#socket.write(bytes)
    return true
  }

  #onPdu(pdu: SmppPdu): void {
    if (isResponse(pdu)) {
      const pending = this.#pending.get(pdu.sequence_number)
      if (!pending) return
      this.#pending.delete(pdu.sequence_number)
      clearTimeout(pending.timer)
      pending.resolve(pdu)
      return
    }
    if (pdu.command === 'unknown') {
      // §2.3: an unknown command_id is answered with generic_nack ESME_RINVCMDID.
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

const CARRIES_MESSAGE: ReadonlySet<string> = new Set(['submit_sm', 'deliver_sm', 'data_sm'])
const NO_BYTES = new Uint8Array(0)

/**
 * short_message and message_payload exactly as received, for deliver_sm, data_sm and
 * submit_sm; null for other PDUs.
 */
export function messageBytes(
  pdu: SmppPdu,
): { shortMessage: Uint8Array; messagePayload: Uint8Array | null } | null {
  if (!CARRIES_MESSAGE.has(pdu.command)) return null
  return {
    shortMessage: pdu.short_message instanceof Uint8Array ? pdu.short_message : NO_BYTES,
    messagePayload: pdu.message_payload instanceof Uint8Array ? pdu.message_payload : null,
  }
}
