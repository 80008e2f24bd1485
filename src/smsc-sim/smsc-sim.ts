// An SMPP 3.4 SMSC for tests, benchmarks and operators' sandboxes: binds, submit_sm/data_sm with
// message ids, reassembly of concatenated messages, delivery receipts per part after a delay and
// by a configurable mix, throttling, dropped links, and mobile-originated messages on demand.
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import { performance } from 'node:perf_hooks'
import tls from 'node:tls'
import { SMPP_STATUS } from '../domain/dlr/smpp-errors.js'
import { readInbound } from '../smpp/inbound-message.js'
import { decodeText } from '../smpp/message-codec.js'
import { Reassembler } from '../smpp/reassembler.js'
import { acceptSmpp } from '../smpp/session.js'
import type { SmppPdu } from '../smpp/session.js'
import { TokenBucket } from '../smpp/token-bucket.js'
import { mixTable, pickOutcome } from './dlr-mix.js'
import type { DlrMix } from './dlr-mix.js'
import { SimOutbound } from './sim-outbound.js'
import type { MoOptions, PendingReceipt, SimLink } from './sim-outbound.js'

export type { MoOptions } from './sim-outbound.js'

export type SmscSimOptions = {
  host?: string
  /** 0 = any free port; read it back from `sim.port`. */
  port: number
  systemId: string
  password: string
  /** Relative weights of receipt outcomes; default all delivered. */
  dlrMix?: DlrMix
  /** Default 200. */
  dlrDelayMs?: number
  /** submit_sm beyond this many per second, over the whole SMSC, get ESME_RTHROTTLED. */
  throttlePerS?: number | null
  /** After every N-th submit_sm, drop that link without answering it. */
  dropEvery?: number | null
  /** Answer submit_sm this much later (to make the client's window visible). Default 0. */
  submitRespDelayMs?: number
  /** Destinations starting with these digits are refused for good (ESME_RINVDSTADR). */
  rejectPrefixes?: string[]
  /**
   * The first `times` submit_sm carrying part `seq` of a concatenated message are answered with
   * `status` (default ESME_RSYSERR): a carrier that takes some parts of a message and not others.
   */
  failPart?: { seq: number; times: number; status?: number }
  /** Keep reassembled messages for received(); false for benchmarks. Default true. */
  keepMessages?: boolean
  tls?: { key: string | Buffer; cert: string | Buffer }
}

export type SimStats = {
  binds: number
  bindFailures: number
  unbinds: number
  enquireLinks: number
  openSessions: number
  /** submit_sm and data_sm received, including throttled and dropped ones. */
  submitSm: number
  /** Parts accepted (answered with a message id). */
  parts: number
  /** Complete messages (all parts of a concatenated one). */
  messages: number
  throttled: number
  dropped: number
  receiptsSent: number
  /** Receipts the ESME refused or left unanswered, offered again a second later. */
  receiptRetries: number
  mosSent: number
  /** Most submits one session ever had unanswered at once. */
  maxUnanswered: number
}

export type ReceivedMessage = {
  messageIds: string[]
  from: string
  to: string
  text: string
  dataCoding: number
  /** The user data of all parts joined, without UDHs, as hex. */
  bodyHex: string
  parts: number
}

export interface SmscSim {
  readonly host: string
  readonly port: number
  stats(): SimStats
  received(): ReceivedMessage[]
  /** Sends an inbound message to a bound receiver; resolves when every part is acknowledged. */
  originateMo(mo: MoOptions): Promise<void>
  close(): Promise<void>
}

type Part = { messageId: string; body: Uint8Array }

export async function startSmscSim(opts: SmscSimOptions): Promise<SmscSim> {
  const sim = new Sim(opts)
  await sim.listen()
  return sim
}

class Sim implements SmscSim {
  readonly host: string
  port = 0
  #server: net.Server
  #links = new Set<SimLink>()
  #counters: Omit<SimStats, 'openSessions'> = {
    binds: 0,
    bindFailures: 0,
    unbinds: 0,
    enquireLinks: 0,
    submitSm: 0,
    parts: 0,
    messages: 0,
    throttled: 0,
    dropped: 0,
    receiptsSent: 0,
    receiptRetries: 0,
    mosSent: 0,
    maxUnanswered: 0,
  }
  #received: ReceivedMessage[] = []
  #reassembler = new Reassembler<Part>(10 * 60_000)
  #bucket: TokenBucket | null
  #mix: ReturnType<typeof mixTable>
  #idPrefix = randomBytes(3).toString('hex')
  #nextId = 0
  #partFailures = 0
  #timers = new Set<NodeJS.Timeout>()
  #outbound: SimOutbound

  constructor(private readonly opts: SmscSimOptions) {
    this.host = opts.host ?? '127.0.0.1'
    const onSocket = (socket: net.Socket) => this.#accept(socket)
    this.#server = opts.tls
      ? tls.createServer({ key: opts.tls.key, cert: opts.tls.cert }, onSocket)
      : net.createServer(onSocket)
    // TLS handshake failures (a client refusing our certificate) are the client's business.
    this.#server.on('tlsClientError', () => undefined)
    const rate = opts.throttlePerS ?? null
    this.#bucket = rate ? new TokenBucket(rate, rate, performance.now()) : null
    this.#mix = mixTable(opts.dlrMix)
    this.#outbound = new SimOutbound({
      links: this.#links,
      delayMs: opts.dlrDelayMs ?? 200,
      onReceiptSent: () => this.#counters.receiptsSent++,
      onReceiptRetry: () => this.#counters.receiptRetries++,
      onMoSent: () => this.#counters.mosSent++,
    })
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(this.opts.port, this.host, () => {
        this.#server.off('error', reject)
        resolve()
      })
    })
    this.port = (this.#server.address() as net.AddressInfo).port
  }

  stats(): SimStats {
    return { ...this.#counters, openSessions: this.#links.size }
  }

  received(): ReceivedMessage[] {
    return [...this.#received]
  }

  originateMo(mo: MoOptions): Promise<void> {
    return this.#outbound.originateMo(mo)
  }

  async close(): Promise<void> {
    this.#outbound.close()
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()))
    for (const link of this.#links) link.session.destroy()
    await closed
  }

  #accept(socket: net.Socket): void {
    const session = acceptSmpp(socket)
    const link: SimLink = { session, mode: null, systemId: '', unanswered: 0 }
    this.#links.add(link)
    session.on('error', () => undefined)
    session.on('close', () => this.#links.delete(link))
    session.on('pdu:in', (pdu) => this.#onPdu(link, pdu))
  }

  #onPdu(link: SimLink, pdu: SmppPdu): void {
    const { session } = link
    switch (pdu.command) {
      case 'bind_transmitter':
      case 'bind_receiver':
      case 'bind_transceiver':
        return this.#bind(link, pdu)
      case 'enquire_link':
        this.#counters.enquireLinks++
        return session.respond(pdu)
      case 'unbind':
        this.#counters.unbinds++
        link.mode = null
        session.respond(pdu)
        void session.close({ unbind: false, timeoutMs: 1000 })
        return
      case 'submit_sm':
      case 'data_sm':
        return this.#submit(link, pdu)
      case 'deliver_sm':
        return session.respond(pdu, { command_status: SMPP_STATUS.ESME_RINVCMDID })
      default:
        return session.respond(pdu, { command_status: SMPP_STATUS.ESME_RINVCMDID })
    }
  }

  #bind(link: SimLink, pdu: SmppPdu): void {
    if (link.mode) return link.session.respond(pdu, { command_status: SMPP_STATUS.ESME_RALYBND })
    if (pdu.system_id !== this.opts.systemId || pdu.password !== this.opts.password) {
      this.#counters.bindFailures++
      return link.session.respond(pdu, { command_status: SMPP_STATUS.ESME_RBINDFAIL })
    }
    const mode =
      pdu.command === 'bind_transmitter' ? 'tx' : pdu.command === 'bind_receiver' ? 'rx' : 'trx'
    link.mode = mode
    link.systemId = this.opts.systemId
    this.#counters.binds++
    link.session.respond(pdu, { system_id: 'TaubeSim' })
    if (mode !== 'tx') this.#outbound.flushPending(link.systemId)
  }

  #submit(link: SimLink, pdu: SmppPdu): void {
    const counters = this.#counters
    if (link.mode === null || link.mode === 'rx') {
      return link.session.respond(pdu, { command_status: SMPP_STATUS.ESME_RINVBNDSTS })
    }
    counters.submitSm++
    link.unanswered++
    counters.maxUnanswered = Math.max(counters.maxUnanswered, link.unanswered)
    const dropEvery = this.opts.dropEvery ?? 0
    if (dropEvery > 0 && counters.submitSm % dropEvery === 0) {
      counters.dropped++
      link.session.destroy()
      return
    }
    if (this.#bucket && !this.#bucket.tryTake(performance.now())) {
      counters.throttled++
      return this.#answer(link, pdu, { command_status: SMPP_STATUS.ESME_RTHROTTLED })
    }
    const message = readInbound(pdu)
    if (!message) return this.#answer(link, pdu, { command_status: SMPP_STATUS.ESME_RSYSERR })
    if (this.opts.rejectPrefixes?.some((p) => message.destinationAddr.startsWith(p))) {
      return this.#answer(link, pdu, { command_status: SMPP_STATUS.ESME_RINVDSTADR })
    }
    const failPart = this.opts.failPart
    if (failPart && message.concat?.seq === failPart.seq && this.#partFailures < failPart.times) {
      this.#partFailures++
      const status = failPart.status ?? SMPP_STATUS.ESME_RSYSERR
      return this.#answer(link, pdu, { command_status: status })
    }
    const messageId = `${this.#idPrefix}${(++this.#nextId).toString(16).padStart(8, '0')}`
    counters.parts++
    this.#answer(link, pdu, { message_id: messageId })

    const submitAtMs = Date.now()
    const partText = decodeText(message.dataCoding, message.body)
    if ((message.registeredDelivery & 0x03) !== 0) {
      const outcome = pickOutcome(this.#mix, Math.random())
      const receipt: PendingReceipt = {
        systemId: link.systemId,
        preferred: link,
        messageId,
        outcome,
        // The receipt comes from the recipient to the sender.
        sourceAddr: message.destinationAddr,
        destinationAddr: message.sourceAddr,
        submitAtMs,
        text: partText,
      }
      // registered_delivery 2: a receipt on failure only.
      if ((message.registeredDelivery & 0x03) === 1 || outcome !== 'delivered') {
        this.#outbound.scheduleReceipt(receipt)
      }
    }

    const part: Part = { messageId, body: message.body }
    const parts = message.concat
      ? this.#reassembler.add(
          message.sourceAddr,
          message.destinationAddr,
          message.concat,
          part,
          Date.now(),
        )
      : [part]
    if (!parts) return
    counters.messages++
    if (this.opts.keepMessages === false) return
    const body = Buffer.concat(parts.map((p) => p.body))
    this.#received.push({
      messageIds: parts.map((p) => p.messageId),
      from: message.from,
      to: message.to,
      text: decodeText(message.dataCoding, body),
      dataCoding: message.dataCoding,
      bodyHex: body.toString('hex'),
      parts: parts.length,
    })
  }

  #answer(link: SimLink, pdu: SmppPdu, params: Record<string, unknown>): void {
    const respond = () => {
      link.unanswered--
      link.session.respond(pdu, params)
    }
    const delay = this.opts.submitRespDelayMs ?? 0
    if (delay <= 0) return respond()
    const timer = setTimeout(() => {
      this.#timers.delete(timer)
      respond()
    }, delay)
    this.#timers.add(timer)
  }
}
