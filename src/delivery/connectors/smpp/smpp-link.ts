// One bind to the SMSC (transceiver, transmitter or receiver) that keeps itself up: connect, bind,
// enquire_link, answer the SMSC's enquire_link and unbind, and reconnect with exponential backoff
// when the link drops, until stop().
import type { Logger } from 'pino'
import { smppStatusName } from '../../../domain/dlr/smpp-errors.js'
import type { ResolvedSmppConfig } from './smpp-config.js'
import { connectSmpp } from '../../../smpp/session.js'
import type { SmppPdu, SmppSession } from '../../../smpp/session.js'

export type LinkRole = 'trx' | 'tx' | 'rx'

const BIND_COMMAND = {
  trx: 'bind_transceiver',
  tx: 'bind_transmitter',
  rx: 'bind_receiver',
} as const
const SMPP_3_4 = 0x34

export type LinkEvents = {
  bound(link: SmppLink): void
  down(link: SmppLink): void
  /** The first connect-and-bind attempt failed (start() reports it). */
  failed(link: SmppLink, err: Error): void
  /** deliver_sm and data_sm; the handler answers them. */
  message(link: SmppLink, pdu: SmppPdu): void
}

export class SmppLink {
  session: SmppSession | null = null
  bound = false
  /** submit_sm sent on this link and not yet answered. */
  inFlight = 0
  #stopped = false
  #attempt = 0
  #sleepTimer: NodeJS.Timeout | null = null
  #wake: (() => void) | null = null
  #enquireTimer: NodeJS.Timeout | null = null
  #running: Promise<void> | null = null

  constructor(
    readonly role: LinkRole,
    readonly name: string,
    private readonly cfg: ResolvedSmppConfig,
    private readonly events: LinkEvents,
    private readonly log: Logger,
  ) {}

  get canSubmit(): boolean {
    return this.role !== 'rx'
  }

  start(): void {
    this.#running ??= this.#run()
  }

  /** Unbinds politely (bounded by the request timeout) and stops reconnecting. */
  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#sleepTimer) clearTimeout(this.#sleepTimer)
    this.#wake?.()
    await this.session?.close({ timeoutMs: Math.min(this.cfg.requestTimeoutMs, 5000) })
    await this.#running
  }

  async #run(): Promise<void> {
    let first = true
    while (!this.#stopped) {
      try {
        await this.#connectAndBind()
        first = false
        this.#attempt = 0
        await this.session!.whenClosed()
      } catch (err) {
        this.session?.destroy()
        const error = err instanceof Error ? err : new Error(String(err))
        if (first) this.events.failed(this, error)
        first = false
        if (!this.#stopped)
          this.log.warn({ link: this.name, err: error.message }, 'SMPP bind failed')
      } finally {
        this.#stopEnquireLink()
        if (this.bound) {
          this.bound = false
          this.events.down(this)
          if (!this.#stopped) this.log.warn({ link: this.name }, 'SMPP link down')
        }
      }
      if (this.#stopped) break
      await this.#sleep(this.#backoffMs())
    }
  }

  async #connectAndBind(): Promise<void> {
    const { cfg } = this
    const session = await connectSmpp({
      host: cfg.host,
      port: cfg.port,
      connectTimeoutMs: cfg.requestTimeoutMs,
      ...(cfg.tls ? { tls: { rejectUnauthorized: cfg.tlsRejectUnauthorized } } : {}),
    })
    this.session = session
    session.on('error', (err) =>
      this.log.debug({ link: this.name, err: err.message }, 'SMPP socket error'),
    )
    session.on('pdu:in', (pdu) => this.#onPdu(session, pdu))
    if (this.#stopped) throw new Error('stopped')
    const resp = await session.request(
      BIND_COMMAND[this.role],
      {
        system_id: cfg.systemId,
        password: cfg.password,
        system_type: cfg.systemType,
        interface_version: SMPP_3_4,
        addr_ton: 0,
        addr_npi: 0,
        address_range: '',
      },
      { timeoutMs: cfg.requestTimeoutMs },
    )
    if (resp.command_status !== 0) {
      throw Object.assign(new Error(`bind refused: ${smppStatusName(resp.command_status)}`), {
        code: smppStatusName(resp.command_status),
      })
    }
    if (this.#stopped) {
      await session.close({ timeoutMs: 1000 })
      throw new Error('stopped')
    }
    this.bound = true
    this.#startEnquireLink(session)
    this.log.info({ link: this.name, remote: session.remote }, 'SMPP bound')
    this.events.bound(this)
  }

  #onPdu(session: SmppSession, pdu: SmppPdu): void {
    switch (pdu.command) {
      case 'enquire_link':
        return session.respond(pdu)
      case 'unbind':
        session.respond(pdu)
        void session.close({ unbind: false, timeoutMs: 1000 })
        return
      case 'deliver_sm':
      case 'data_sm':
        return this.events.message(this, pdu)
      case 'alert_notification':
        return // has no response
      default:
        return session.respond(pdu, { command_status: 0x03 /* ESME_RINVCMDID */ })
    }
  }

  #startEnquireLink(session: SmppSession): void {
    this.#enquireTimer = setInterval(() => {
      session
        .request('enquire_link', {}, { timeoutMs: this.cfg.requestTimeoutMs })
        .catch(() => session.destroy()) // no answer: the link is dead, reconnect
    }, this.cfg.enquireLinkS * 1000)
  }

  #stopEnquireLink(): void {
    if (this.#enquireTimer) clearInterval(this.#enquireTimer)
    this.#enquireTimer = null
  }

  #backoffMs(): number {
    const { reconnectMinMs, reconnectMaxMs } = this.cfg
    const base = Math.min(reconnectMaxMs, reconnectMinMs * 2 ** this.#attempt++)
    // ±20 % so that many sessions do not reconnect in step.
    return Math.round(base * (0.8 + Math.random() * 0.4))
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = () => {
        this.#wake = null
        resolve()
      }
      this.#sleepTimer = setTimeout(() => this.#wake?.(), ms)
    })
  }
}
