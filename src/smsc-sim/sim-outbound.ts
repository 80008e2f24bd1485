// What the simulated SMSC sends on its own: delivery receipts (deliver_sm, esm_class 0x04) after
// the configured delay to a receiver of the submitter's system_id, and mobile-originated
// messages, split into concatenated parts when long.
import { MESSAGE_STATE_NUMBERS } from '../domain/dlr/receipt-state.js'
import { formatReceiptText } from '../domain/dlr/receipt-text.js'
import { gsm7Septets } from '../domain/encoding/gsm7.js'
import { splitParts } from '../domain/encoding/segments.js'
import type { SmsEncoding } from '../domain/encoding/segments.js'
import { buildConcatUdh } from '../domain/encoding/udh.js'
import { ESM_RECEIPT, ESM_UDHI } from '../smpp/inbound-message.js'
import { addressFields, DATA_CODING, encodeText, sourceAddress } from '../smpp/message-codec.js'
import { SmppRequestError } from '../smpp/session.js'
import type { SmppSession } from '../smpp/session.js'
import { DelayQueue } from './delay-queue.js'
import { DLR_OUTCOMES } from './dlr-mix.js'
import type { DlrOutcomeName } from './dlr-mix.js'

export type SimLink = {
  session: SmppSession
  mode: 'tx' | 'rx' | 'trx' | null
  systemId: string
  /** submit_sm received and not yet answered. */
  unanswered: number
}

export type PendingReceipt = {
  systemId: string
  /** The submitting link: it gets the receipt when it is a transceiver still bound. */
  preferred: SimLink
  messageId: string
  outcome: DlrOutcomeName
  sourceAddr: string
  destinationAddr: string
  submitAtMs: number
  text: string
}

export type MoOptions = {
  from: string
  to: string
  text: string
  /** Default: GSM when every character is in GSM 03.38, else UCS-2. */
  encoding?: SmsEncoding
  /** How a long text travels: UDH parts (default), SAR TLVs, or one PDU with message_payload. */
  split?: 'udh' | 'sar' | 'none'
  /** data_sm with message_payload instead of deliver_sm. */
  viaDataSm?: boolean
  /** Only to receivers bound with this system_id. */
  systemId?: string
}

const MAX_SHORT_MESSAGE = 254
const RECEIPT_RETRY_MS = 1_000

export class SimOutbound {
  #queue: DelayQueue<PendingReceipt>
  #parked = new Map<string, PendingReceipt[]>()
  #retries = new Set<NodeJS.Timeout>()
  #roundRobin = 0
  #moRef = Math.floor(Math.random() * 0x10000)

  constructor(
    private readonly deps: {
      links: ReadonlySet<SimLink>
      delayMs: number
      onReceiptSent: () => void
      onReceiptRetry: () => void
      onMoSent: () => void
    },
  ) {
    this.#queue = new DelayQueue(deps.delayMs, (r) => this.#send(r))
  }

  scheduleReceipt(receipt: PendingReceipt): void {
    this.#queue.push(receipt)
  }

  /** A receiver bound: send what waited for one. */
  flushPending(systemId: string): void {
    const parked = this.#parked.get(systemId)
    if (!parked) return
    this.#parked.delete(systemId)
    for (const receipt of parked) this.#send(receipt)
  }

  close(): void {
    this.#queue.clear()
    this.#parked.clear()
    for (const t of this.#retries) clearTimeout(t)
    this.#retries.clear()
  }

  async originateMo(mo: MoOptions): Promise<void> {
    const link = this.#receiver(mo.systemId ?? null, null)
    if (!link) throw new NoReceiverError()
    const encoding =
      mo.encoding ?? ([...mo.text].every((ch) => gsm7Septets(ch) > 0) ? 'gsm7' : 'ucs2')
    const split = mo.split ?? 'udh'
    const chunks = split === 'none' ? [mo.text] : splitParts(mo.text, encoding)
    const ref = (this.#moRef = (this.#moRef + 1) & 0xffff)
    const from = sourceAddress(mo.from)
    const to = sourceAddress(mo.to)
    for (const [i, chunk] of chunks.entries()) {
      let data = encodeText(chunk, encoding)
      const params: Record<string, unknown> = {
        source_addr_ton: from.ton,
        source_addr_npi: from.npi,
        source_addr: from.addr,
        dest_addr_ton: to.ton,
        dest_addr_npi: to.npi,
        destination_addr: to.addr,
        esm_class: 0,
        data_coding: DATA_CODING[encoding],
      }
      const concat = { ref, total: chunks.length, seq: i + 1 }
      if (chunks.length > 1 && split === 'udh') {
        data = Buffer.concat([buildConcatUdh({ ...concat, ref: ref & 0xff }), data])
        params.esm_class = ESM_UDHI
      } else if (chunks.length > 1 && split === 'sar') {
        params.sar_msg_ref_num = concat.ref
        params.sar_total_segments = concat.total
        params.sar_segment_seqnum = concat.seq
      }
      if (mo.viaDataSm || data.length > MAX_SHORT_MESSAGE) params.message_payload = data
      else params.short_message = data
      const command = mo.viaDataSm ? 'data_sm' : 'deliver_sm'
      const resp = await link.session.request(command, params, { timeoutMs: 10_000 })
      if (resp.command_status !== 0) throw new MoRefusedError(command, resp.command_status)
    }
    this.deps.onMoSent()
  }

  #send(receipt: PendingReceipt): void {
    const link = this.#receiver(receipt.systemId, receipt.preferred)
    if (!link) {
      const parked = this.#parked.get(receipt.systemId) ?? []
      parked.push(receipt)
      this.#parked.set(receipt.systemId, parked)
      return
    }
    const { state, err } = DLR_OUTCOMES[receipt.outcome]
    const text = formatReceiptText({
      id: receipt.messageId,
      state,
      err,
      submitAtMs: receipt.submitAtMs,
      doneAtMs: Date.now(),
      text: receipt.text.replace(/[^\x20-\x7e]/g, '?'),
    })
    const source = sourceAddress(receipt.sourceAddr)
    const destination = sourceAddress(receipt.destinationAddr)
    const params = {
      ...addressFields(source, destination),
      esm_class: ESM_RECEIPT,
      data_coding: 0,
      short_message: Buffer.from(text, 'latin1'),
      receipted_message_id: receipt.messageId,
      message_state: MESSAGE_STATE_NUMBERS[state],
      network_error_code: Buffer.from([0x03, 0x00, Number(err) & 0xff]),
    }
    link.session.request('deliver_sm', params, { timeoutMs: 10_000 }).then(
      (resp) => {
        if (resp.command_status === 0) this.deps.onReceiptSent()
        else this.#retryLater(receipt)
      },
      (err: unknown) => {
        // The link dropped: another receiver (or the next bind) gets it.
        if (err instanceof SmppRequestError && err.code === 'LINK_DOWN') this.#send(receipt)
        else this.#retryLater(receipt)
      },
    )
  }

  /** Refused or unanswered: offered again later, as an SMSC does until the ESME takes it. */
  #retryLater(receipt: PendingReceipt): void {
    this.deps.onReceiptRetry()
    const timer = setTimeout(() => {
      this.#retries.delete(timer)
      this.#send(receipt)
    }, RECEIPT_RETRY_MS)
    this.#retries.add(timer)
  }

  #receiver(systemId: string | null, preferred: SimLink | null): SimLink | null {
    if (preferred?.mode === 'trx' && this.deps.links.has(preferred) && !preferred.session.closed) {
      return preferred
    }
    const candidates: SimLink[] = []
    for (const link of this.deps.links) {
      if ((link.mode === 'rx' || link.mode === 'trx') && !link.session.closed) {
        if (systemId === null || link.systemId === systemId) candidates.push(link)
      }
    }
    if (candidates.length === 0) return null
    return candidates[this.#roundRobin++ % candidates.length]!
  }
}

/** originateMo with no receiver or transceiver bound. */
export class NoReceiverError extends Error {
  constructor() {
    super('no receiver or transceiver is bound')
  }
}

/** The ESME answered an MO with an error status. */
export class MoRefusedError extends Error {
  constructor(
    command: string,
    readonly status: number,
  ) {
    super(`${command} refused: status ${status}`)
  }
}
