// Sends what the server owes an account's receiver binds as deliver_sm: the receipts ESMEs
// asked for (esm_class 0x04) and inbound SMS, polling while receivers are bound and at once when
// one binds. Items are claimed under a lease, so several SMPP processes over one store never send
// the same one while each is alive. An item is marked taken only when the ESME answered its
// deliver_sm with status 0; otherwise its lease is given back and it goes again.
import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'
import { formatReceiptText } from '../domain/dlr/receipt-text.js'
import { MESSAGE_STATE_NUMBERS } from '../domain/dlr/receipt-state.js'
import type { ServiceDeps } from '../services/deps.js'
import {
  claimReceipts,
  deferWaiting,
  markReceiptsSent,
  purgeReceipts,
  releaseReceipts,
  type OwedRequest,
  type SmppReceipt,
} from '../services/smpp/smpp-receipts.js'
import { gsm7Septets } from '../domain/encoding/gsm7.js'
import { claimMo, markMoSent, purgeMo, releaseMo, type SmppMo } from '../services/smpp/smpp-mo.js'
import {
  addressFields,
  DATA_CODING,
  destinationAddress,
  encodeText,
  sourceAddress,
} from '../smpp/message-codec.js'
import { ESM_RECEIPT } from '../smpp/inbound-message.js'
import type { SmppParams } from '../smpp/session.js'
import type { BindRegistry } from './binds.js'
import type { CustomerSession } from './customer-session.js'

/** Items read per poll. */
const BATCH = 500
const PURGE_EVERY_MS = 3600_000
const TIDY_EVERY_MS = 5_000

/** What the server owes an account's receivers: receipts, inbound SMS. */
export type Owed<T extends { accountId: number; id: string }> = {
  name: string
  /** Leased to the caller: another SMPP process does not send it meanwhile. */
  claim: (services: ServiceDeps, r: OwedRequest) => Promise<T[]>
  /** Gives back what was claimed and not sent. */
  release: (services: ServiceDeps, owner: string, ids: readonly string[]) => Promise<void>
  markSent: (services: ServiceDeps, ids: readonly string[]) => Promise<void>
  /** Now and then: puts off what is far from due (receipts of messages waiting for a report). */
  tidy?: (services: ServiceDeps, accountIds: readonly number[]) => Promise<number>
  purge: (services: ServiceDeps) => Promise<number>
  /** The deliver_sm that carry it; none: taken without being sent (a failures-only receipt). */
  pdus: (item: T) => SmppParams[]
}

export const RECEIPTS: Owed<SmppReceipt & { accountId: number }> = {
  name: 'receipts',
  claim: claimReceipts,
  release: releaseReceipts,
  tidy: deferWaiting,
  markSent: markReceiptsSent,
  purge: purgeReceipts,
  // One receipt for each id the ESME was answered with: a concatenated message's earlier parts
  // had an id of their own, and an ESME (Kannel) may wait for its receipt rather than the last's.
  pdus: (r) =>
    r.skip ? [] : [r.id, ...(r.partsId ? [r.partsId] : [])].map((id) => receiptPdu(r, id)),
}

export const INBOUND: Owed<SmppMo> = {
  name: 'inbound sms',
  claim: claimMo,
  release: releaseMo,
  markSent: markMoSent,
  purge: purgeMo,
  pdus: (m) => [moPdu(m)],
}

export class OwedSender<T extends { accountId: number; id: string }> {
  #timer: NodeJS.Timeout | null = null
  #running = false
  #again = false
  #stopped = false
  #next = new Map<number, number>()
  #purgedAtMs = 0
  #tidiedAtMs = 0
  /** Whose leases these are: this process's sender of this kind. */
  readonly owner = `smpp-${randomUUID().slice(0, 8)}`

  constructor(
    private readonly owed: Owed<T>,
    private readonly deps: { services: ServiceDeps; log: Logger; binds: BindRegistry },
    private readonly pollMs: number,
  ) {
    deps.binds.onReceiver(() => this.wake())
  }

  start(): void {
    this.#timer = setInterval(() => this.wake(), this.pollMs)
    this.#timer.unref()
  }

  stop(): void {
    this.#stopped = true
    if (this.#timer) clearInterval(this.#timer)
  }

  /** Looks for what is due now (a poll in progress runs once more when it ends). */
  wake(): void {
    if (this.#stopped) return
    if (this.#running) {
      this.#again = true
      return
    }
    this.#running = true
    void this.#run()
      .catch((err: unknown) => this.deps.log.error({ err }, `smpp ${this.owed.name} failed`))
      .finally(() => {
        this.#running = false
        if (this.#again) {
          this.#again = false
          this.wake()
        }
      })
  }

  async #run(): Promise<void> {
    const { services } = this.deps
    if (Date.now() - this.#purgedAtMs > PURGE_EVERY_MS) {
      this.#purgedAtMs = Date.now()
      await this.owed.purge(services)
    }
    if (this.owed.tidy && Date.now() - this.#tidiedAtMs > TIDY_EVERY_MS) {
      this.#tidiedAtMs = Date.now()
      const accounts = this.#accountsWithReceivers()
      if (accounts.length > 0) await this.owed.tidy(services, accounts)
    }
    for (;;) {
      const accounts = this.#accountsWithReceivers()
      if (accounts.length === 0 || this.#stopped) return
      const due = await this.owed.claim(services, {
        owner: this.owner,
        accountIds: accounts,
        limit: BATCH,
      })
      if (due.length === 0) return
      const taken: string[] = []
      const untaken: string[] = []
      await Promise.all(
        due.map(async (item) => {
          const sent = await Promise.all(
            this.owed.pdus(item).map((pdu) => this.#send(item.accountId, pdu)),
          )
          ;(sent.every(Boolean) ? taken : untaken).push(item.id)
        }),
      )
      await this.owed.markSent(services, taken)
      await this.owed.release(services, this.owner, untaken)
      // Nothing went (no receiver answered): wait for the next poll rather than spin.
      if (taken.length === 0 || due.length < BATCH) return
    }
  }

  #accountsWithReceivers(): number[] {
    const ids = new Set<number>()
    for (const b of this.deps.binds.list()) if (b.type !== 'transmitter') ids.add(b.accountId)
    return [...ids]
  }

  /** To one of the account's receivers, in turn. */
  async #send(accountId: number, pdu: SmppParams): Promise<boolean> {
    const receivers = this.deps.binds.receivers<CustomerSession>(accountId)
    if (receivers.length === 0) return false
    const turn = (this.#next.get(accountId) ?? 0) % receivers.length
    this.#next.set(accountId, turn + 1)
    return receivers[turn]!.deliver(pdu)
  }
}

/** An inbound SMS: GSM where the text fits it, else UCS-2; long texts in message_payload. */
export function moPdu(m: SmppMo): SmppParams {
  const source = sourceAddress(m.from)
  const destination = sourceAddress(m.to)
  const gsm = [...m.text].every((ch) => gsm7Septets(ch) > 0)
  const bytes = Buffer.from(encodeText(m.text, gsm ? 'gsm7' : 'ucs2'))
  const long = bytes.length > (gsm ? 160 : 140)
  return {
    ...addressFields(source, destination),
    esm_class: 0,
    data_coding: gsm ? DATA_CODING.gsm7 : DATA_CODING.ucs2,
    short_message: long ? Buffer.alloc(0) : bytes,
    ...(long ? { message_payload: bytes } : {}),
  }
}

/** §2.11 / appendix B: the receipt goes from the recipient to the original sender. */
export function receiptPdu(r: SmppReceipt, id = r.id): SmppParams {
  const source = destinationAddress(r.to)
  const destination = sourceAddress(r.from)
  const text = formatReceiptText({
    id,
    state: r.state,
    submitAtMs: r.submitAtS * 1000,
    doneAtMs: r.doneAtS * 1000,
    err: r.err,
    text: r.text,
  })
  return {
    ...addressFields(source, destination),
    esm_class: ESM_RECEIPT,
    data_coding: 0,
    // Latin-1 as the ESME reads it; the first 20 characters of a text outside it become '?'.
    short_message: Buffer.from(text.replace(/[^\x20-\xff]/g, '?'), 'latin1'),
    receipted_message_id: id,
    message_state: MESSAGE_STATE_NUMBERS[r.state],
  }
}
