// Sends the receipts ESMEs asked for as deliver_sm (esm_class 0x04) to a receiver bind of the
// account, polling while receivers are bound and at once when one binds. A receipt is marked
// taken only when the ESME answered its deliver_sm with status 0; otherwise it goes again.
import type { Logger } from 'pino'
import { formatReceiptText } from '../domain/dlr/receipt-text.js'
import { MESSAGE_STATE_NUMBERS } from '../domain/dlr/receipt-state.js'
import type { ServiceDeps } from '../services/deps.js'
import {
  dueReceipts,
  markReceiptsSent,
  purgeReceipts,
  type SmppReceipt,
} from '../services/smpp/smpp-receipts.js'
import { destinationAddress, sourceAddress } from '../smpp/message-codec.js'
import { ESM_RECEIPT } from '../smpp/inbound-message.js'
import type { SmppParams } from '../smpp/session.js'
import type { BindRegistry } from './binds.js'
import type { CustomerSession } from './customer-session.js'

/** Receipts read per poll. */
const BATCH = 500
const PURGE_EVERY_MS = 3600_000

export class ReceiptSender {
  #timer: NodeJS.Timeout | null = null
  #running = false
  #again = false
  #stopped = false
  #next = new Map<number, number>()
  #purgedAtMs = 0

  constructor(
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

  /** Looks for due receipts now (a poll in progress runs once more when it ends). */
  wake(): void {
    if (this.#stopped) return
    if (this.#running) {
      this.#again = true
      return
    }
    this.#running = true
    void this.#run()
      .catch((err: unknown) => this.deps.log.error({ err }, 'smpp receipts failed'))
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
      await purgeReceipts(services)
    }
    for (;;) {
      const accounts = this.#accountsWithReceivers()
      if (accounts.length === 0 || this.#stopped) return
      const due = await dueReceipts(services, accounts, BATCH)
      if (due.length === 0) return
      const taken: string[] = []
      await Promise.all(
        due.map(async (r) => {
          if (r.skip || (await this.#send(r.accountId, r))) taken.push(r.id)
        }),
      )
      await markReceiptsSent(services, taken)
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
  async #send(accountId: number, receipt: SmppReceipt): Promise<boolean> {
    const receivers = this.deps.binds.receivers<CustomerSession>(accountId)
    if (receivers.length === 0) return false
    const turn = (this.#next.get(accountId) ?? 0) % receivers.length
    this.#next.set(accountId, turn + 1)
    return receivers[turn]!.deliver(receiptPdu(receipt))
  }
}

/** §2.11 / appendix B: the receipt goes from the recipient to the original sender. */
export function receiptPdu(r: SmppReceipt): SmppParams {
  const source = destinationAddress(r.to)
  const destination = sourceAddress(r.from)
  const text = formatReceiptText({
    id: r.id,
    state: r.state,
    submitAtMs: r.submitAtS * 1000,
    doneAtMs: r.doneAtS * 1000,
    err: r.err,
    text: r.text,
  })
  return {
    source_addr_ton: source.ton,
    source_addr_npi: source.npi,
    source_addr: source.addr,
    dest_addr_ton: destination.ton,
    dest_addr_npi: destination.npi,
    destination_addr: destination.addr,
    esm_class: ESM_RECEIPT,
    data_coding: 0,
    // Latin-1 as the ESME reads it; the first 20 characters of a text outside it become '?'.
    short_message: Buffer.from(text.replace(/[^\x20-\xff]/g, '?'), 'latin1'),
    receipted_message_id: r.id,
    message_state: MESSAGE_STATE_NUMBERS[r.state],
  }
}
