// One customer's SMPP session: bind, then submit_sm into the send service, query_sm, cancel_sm,
// enquire_link both ways, an idle timeout, and deliver_sm to the ESME within its window.
import type { Logger } from 'pino'
import { SMPP_STATUS } from '../domain/dlr/smpp-errors.js'
import { AppError } from '../errors/app-error.js'
import type { ServiceDeps } from '../services/deps.js'
import { authenticate, type KeyCache, type Principal } from '../services/keys/authenticate.js'
import { batchCancelSms } from '../services/sms/cancel-delete-sms.js'
import { getSms } from '../services/sms/query-sms.js'
import { sendSms } from '../services/sms/send-sms.js'
import { str } from '../smpp/inbound-message.js'
import type { SmppParams, SmppPdu, SmppSession } from '../smpp/session.js'
import type { TokenBucket } from '../smpp/token-bucket.js'
import type { BindRegistry, BindType, BoundSession } from './binds.js'
import type { ConcatParts } from './concat-parts.js'
import type { SmppServerMetrics } from './metrics.js'
import { messageStateOf } from './message-state.js'
import { refusalStatus } from './refusals.js'
import { readSubmit, sendCommandOf, type SubmitRequest } from './submit-mapping.js'
import { receiptDate } from './smpp-time.js'

export type SessionOptions = {
  maxBindsPerAccount: number
  idleTimeoutMs: number
  enquireLinkMs: number
  responseTimeoutMs: number
  window: number
}

export type SessionDeps = {
  services: ServiceDeps
  keyCache: KeyCache
  log: Logger
  binds: BindRegistry
  metrics: SmppServerMetrics
  /** The account's submit_sm budget, shared by all its binds. */
  bucketOf: (accountId: number, nowMs: number) => TokenBucket
  /** Parts of concatenated messages, shared by the binds of the server. */
  concat: ConcatParts
  /** A submit_sm the service accepted, for receipts. */
  onAccepted: (accountId: number, smsId: string, receipt: 1 | 2) => Promise<void>
}

const BIND_TYPES: Record<string, BindType> = {
  bind_transmitter: 'transmitter',
  bind_receiver: 'receiver',
  bind_transceiver: 'transceiver',
}

/** Our system_id in bind responses. */
const SERVER_ID = 'Taube'

let nextBindId = 1

export class CustomerSession implements BoundSession {
  readonly id = nextBindId++
  accountId = 0
  type: BindType = 'transmitter'
  boundAtMs = 0
  submitted = 0
  delivered = 0
  #principal: Principal | null = null
  #lastInMs: number
  #timer: NodeJS.Timeout
  #inFlight = 0
  #waiting: (() => void)[] = []
  #enquiring = false

  constructor(
    readonly session: SmppSession,
    private readonly deps: SessionDeps,
    private readonly opts: SessionOptions,
  ) {
    this.#lastInMs = Date.now()
    session.on('pdu:in', (pdu) => {
      this.#lastInMs = Date.now()
      this.#handle(pdu).catch((err: unknown) => {
        deps.log.error({ err, bind: this.id, command: pdu.command }, 'smpp request failed')
        session.respond(pdu, { command_status: SMPP_STATUS.ESME_RSYSERR })
      })
    })
    session.on('error', (err) => deps.log.debug({ err, bind: this.id }, 'smpp session error'))
    session.on('close', () => this.#closed())
    const tick = Math.max(50, Math.min(opts.idleTimeoutMs, opts.enquireLinkMs) / 4)
    this.#timer = setInterval(() => this.#watch(), tick)
    this.#timer.unref()
  }

  get remote(): string {
    return this.session.remote
  }

  get outstanding(): number {
    return this.#inFlight
  }

  get bound(): boolean {
    return this.#principal !== null
  }

  /**
   * Sends a deliver_sm within the bind's window; true when the ESME accepted it. A full window
   * waits for a response to come back.
   */
  async deliver(params: SmppParams): Promise<boolean> {
    while (this.#inFlight >= this.opts.window) {
      if (this.session.closed) return false
      await new Promise<void>((resolve) => this.#waiting.push(resolve))
    }
    if (this.session.closed) return false
    this.#inFlight++
    try {
      const resp = await this.session.request('deliver_sm', params, {
        timeoutMs: this.opts.responseTimeoutMs,
      })
      const ok = resp.command_status === 0
      if (ok) this.delivered++
      this.#count('deliver_sm', resp.command_status)
      return ok
    } catch {
      return false
    } finally {
      this.#inFlight--
      this.#waiting.shift()?.()
    }
  }

  /** Unbinds and closes (at shutdown). */
  async close(): Promise<void> {
    await this.session.close({ timeoutMs: 1000 })
  }

  async #handle(pdu: SmppPdu): Promise<void> {
    const s = this.session
    switch (pdu.command) {
      case 'bind_transmitter':
      case 'bind_receiver':
      case 'bind_transceiver':
        return this.#bind(pdu, BIND_TYPES[pdu.command]!)
      case 'enquire_link':
        return s.respond(pdu)
      case 'unbind':
        s.respond(pdu)
        await s.close({ unbind: false, timeoutMs: 1000 })
        return
      case 'generic_nack':
        return
    }
    if (!this.#principal) {
      // §2.4: nothing but a bind before the session is bound.
      return s.respond(pdu, { command_status: SMPP_STATUS.ESME_RINVBNDSTS })
    }
    switch (pdu.command) {
      case 'submit_sm':
        return this.#submit(pdu, this.#principal)
      case 'query_sm':
        return this.#query(pdu, this.#principal)
      case 'cancel_sm':
        return this.#cancel(pdu, this.#principal)
      case 'replace_sm':
        // A message once accepted is priced and queued as it is: cancel and submit anew.
        this.#count('replace_sm', SMPP_STATUS.ESME_RREPLACEFAIL)
        return s.respond(pdu, { command_status: SMPP_STATUS.ESME_RREPLACEFAIL })
      default:
        // deliver_sm, data_sm, submit_multi, outbind, alert_notification: not taken from an ESME.
        return s.respond(pdu, { command_status: SMPP_STATUS.ESME_RINVCMDID })
    }
  }

  async #bind(pdu: SmppPdu, type: BindType): Promise<void> {
    const s = this.session
    const refuse = (status: number) => s.respond(pdu, { command_status: status })
    if (this.#principal) return refuse(SMPP_STATUS.ESME_RALYBND)
    const systemId = str(pdu.system_id)
    const password = str(pdu.password)
    // §5.2.1/5.2.2: system_id at most 15 octets, password at most 8.
    if (systemId.length > 15) return refuse(SMPP_STATUS.ESME_RINVSYSID)
    if (password.length > 8) return refuse(SMPP_STATUS.ESME_RINVPASWD)
    let principal: Principal
    try {
      principal = await authenticate(
        this.deps.services,
        this.deps.keyCache,
        { userId: systemId, token: password },
        ipOf(s.remote),
        ['smpp'],
      )
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      this.deps.log.info({ systemId, remote: s.remote, reason: err.code }, 'smpp bind refused')
      return refuse(SMPP_STATUS.ESME_RBINDFAIL)
    }
    if (this.#principal) return refuse(SMPP_STATUS.ESME_RALYBND)
    if (this.deps.binds.count(principal.account.id) >= this.opts.maxBindsPerAccount) {
      this.deps.log.info({ systemId, remote: s.remote }, 'smpp bind refused: too many binds')
      return refuse(SMPP_STATUS.ESME_RBINDFAIL)
    }
    this.#principal = principal
    this.accountId = principal.account.id
    this.type = type
    this.boundAtMs = Date.now()
    s.respond(pdu, { system_id: SERVER_ID, sc_interface_version: 0x34 })
    this.deps.metrics.binds.inc({ system_id: String(this.accountId), bind_type: type })
    this.deps.binds.add(this)
    this.deps.log.info({ systemId, type, bind: this.id, remote: s.remote }, 'smpp bound')
  }

  async #submit(pdu: SmppPdu, principal: Principal): Promise<void> {
    const s = this.session
    const answer = (status: number, messageId = '') => {
      this.#count('submit_sm', status)
      s.respond(pdu, status === 0 ? { message_id: messageId } : { command_status: status })
    }
    if (this.type === 'receiver') return answer(SMPP_STATUS.ESME_RINVBNDSTS)
    const nowMs = this.deps.services.clock.nowMs()
    if (!this.deps.bucketOf(this.accountId, Date.now()).tryTake(Date.now())) {
      return answer(SMPP_STATUS.ESME_RTHROTTLED)
    }
    const read = readSubmit(pdu, Math.floor(nowMs / 1000))
    if (!read.ok) return answer(read.status)
    const concat = read.request.concat
    if (concat) {
      const got = this.deps.concat.add(this.accountId, { ...read.request, concat }, nowMs, () =>
        this.deps.services.ids.uuid(),
      )
      // Earlier parts are answered at once with the id the whole message will show as well.
      if (!got.whole) return answer(0, got.partsId)
      return this.#send(got.whole, principal, answer, got.partsId)
    }
    return this.#send([read.request], principal, answer, null)
  }

  async #send(
    parts: SubmitRequest[],
    principal: Principal,
    answer: (status: number, id?: string) => void,
    facadeId: string | null,
  ): Promise<void> {
    try {
      const { sms } = await sendSms(this.deps.services, {
        ...sendCommandOf(parts),
        principal,
        ip: ipOf(this.session.remote),
        ...(facadeId ? { facadeId } : {}),
      })
      this.submitted++
      const receipt = parts[0]!.receipt
      if (receipt !== 0) {
        // Recorded before the answer: an ESME that has its id may ask for the receipt.
        await this.deps
          .onAccepted(this.accountId, sms.uuid, receipt)
          .catch((err: unknown) =>
            this.deps.log.error({ err, smsId: sms.uuid }, 'receipt request lost'),
          )
      }
      answer(0, sms.uuid)
    } catch (err) {
      const status = refusalStatus(err)
      if (status === SMPP_STATUS.ESME_RSYSERR)
        this.deps.log.error({ err, bind: this.id }, 'submit_sm failed')
      answer(status)
    }
  }

  async #query(pdu: SmppPdu, principal: Principal): Promise<void> {
    const id = str(pdu.message_id)
    try {
      const sms = await getSms(this.deps.services, principal.account.id, id)
      const state = messageStateOf(sms)
      const final = state.final ? receiptDate(sms.gateway_sent_at || sms.delivery_at) : ''
      this.#count('query_sm', 0)
      this.session.respond(pdu, {
        message_id: sms.uuid,
        final_date: final === '' ? '' : `${final}00000+`,
        message_state: state.number,
        error_code: 0,
      })
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      this.#count('query_sm', SMPP_STATUS.ESME_RQUERYFAIL)
      this.session.respond(pdu, { command_status: SMPP_STATUS.ESME_RQUERYFAIL })
    }
  }

  async #cancel(pdu: SmppPdu, principal: Principal): Promise<void> {
    const id = str(pdu.message_id).toLowerCase()
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)
    const n = uuid
      ? await batchCancelSms(this.deps.services, principal.account.id, { uuid: id })
      : 0
    const status = n > 0 ? 0 : SMPP_STATUS.ESME_RCANCELFAIL
    this.#count('cancel_sm', status)
    this.session.respond(pdu, { command_status: status })
  }

  /** The idle timeout, and enquire_link when the ESME has been quiet. */
  #watch(): void {
    if (this.session.closed) return
    const quietMs = Date.now() - this.#lastInMs
    if (quietMs >= this.opts.idleTimeoutMs) {
      this.deps.log.info({ bind: this.id, remote: this.remote }, 'smpp session idle: closing')
      void this.session.close({ timeoutMs: 1000 })
      return
    }
    if (!this.#principal || this.#enquiring || quietMs < this.opts.enquireLinkMs) return
    this.#enquiring = true
    this.session
      .request('enquire_link', {}, { timeoutMs: this.opts.responseTimeoutMs })
      .then(() => (this.#lastInMs = Date.now()))
      .catch(() => {
        this.deps.log.info({ bind: this.id }, 'smpp enquire_link unanswered: closing')
        this.session.destroy()
      })
      .finally(() => (this.#enquiring = false))
  }

  #closed(): void {
    clearInterval(this.#timer)
    for (const wake of this.#waiting.splice(0)) wake()
    if (!this.#principal) return
    this.deps.binds.remove(this)
    this.deps.metrics.binds.dec({ system_id: String(this.accountId), bind_type: this.type })
    this.deps.log.info({ bind: this.id, accountId: this.accountId }, 'smpp unbound')
  }

  #count(command: string, status: number): void {
    this.deps.metrics.pdus.inc({
      system_id: String(this.accountId),
      bind: String(this.id),
      command,
      status: status === 0 ? 'ok' : `0x${status.toString(16).padStart(8, '0')}`,
    })
  }
}

/** The address of `host:port` (IPv6 included), as the key checks and auth guard take it. */
function ipOf(remote: string): string {
  const i = remote.lastIndexOf(':')
  const ip = i > 0 ? remote.slice(0, i) : remote
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip
}
