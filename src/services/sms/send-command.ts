// What every front door asks of the gateway when it sends one SMS, in the gateway's own terms.
// Each facade (the LOX24 API today; seven.io, Kannel, SMPP and e-mail as they come) maps its
// request to this command and calls the same service; none of them sends on its own.
import type { MessageClass } from '../../domain/encoding/data-coding.js'
import type { VoiceLang } from '../../domain/voice/voice-lang.js'
import type { Principal } from '../keys/authenticate.js'
import type { LinkTracking } from '../message-links/message-links.js'

/** `auto` takes GSM 03.38 where it can carry the text, else UCS-2. */
export type TextEncoding = 'auto' | 'gsm7' | 'ucs2'

export type SmsPayload =
  /**
   * With a UDH of the caller's (one part of a message the caller concatenates, as Kannel sends
   * them) the text goes as one part, UDH included, GSM 03.38 or UCS-2 with UDHI set.
   */
  | { kind: 'text'; text: string; encoding: TextEncoding; udh?: Uint8Array | null }
  /**
   * 8-bit data (data_coding 4). With a UDH of the caller's the data goes as one part, UDH
   * included; without, data beyond 140 octets is split into concatenated parts.
   */
  | { kind: 'binary'; data: Uint8Array; udh: Uint8Array | null }

export type SendSmsCommand = {
  /** The account and key it is sent for. */
  principal: Principal
  ip: string | null
  /** The recipient as given; normalised to E.164 with the account's country. */
  to: string
  /** The sender id: a number or up to 11 characters (the facade's schema checks the form). */
  from: string
  payload: SmsPayload
  /** null: the default service. */
  serviceCode: string | null
  /** Unix seconds to send at; null, 0 or a past time: now. */
  sendAt: number | null
  /** The caller's own id, echoed in every delivery report. */
  callbackData: string | null
  /** The caller's numeric source tag, stored as given. */
  source: number | null
  voiceLang: VoiceLang | null
  /** Whether the text is deleted once sent; null: the account's setting. */
  textDeleted: boolean | null
  /** GSM message class (0: flash); null: none. */
  messageClass?: MessageClass | null
  /** Seconds the carrier may try from the send time; null or beyond the operator's: the operator's. */
  validityS?: number | null
  /** The id the front door shows for the message, where it has its own. */
  facadeId?: string | null
  /**
   * Performance tracking: every web address in the text becomes a short link, one per address
   * (simple) or, as seven.io's `performance_tracking`, one per recipient (extended); null: off.
   * Campaign placeholders `[link:CODE]` are replaced either way.
   */
  linkTracking?: LinkTracking | null
  /** The caller's label for the message (seven.io's `label`). */
  label?: string | null
  /**
   * Kannel's mode B: a URL with Kannel's %-escapes to call with this message's reports of the
   * types in `mask`, and `to`/`from` as Kannel gave them (it finds its message by `to`).
   */
  kannelDlrUrl?: { url: string; mask: number; receiver: string; sender: string } | null
  /**
   * messaggisms.com's priority, in hundredths (100 = 1.00, the default): a higher one is
   * dispatched before every lower one and costs `surchargePercent` more per whole point.
   */
  priority?: { hundredths: number; surchargePercent: number } | null
  /**
   * A repeat with this key answers with the first response for 24 h; the fingerprint (the
   * request as the facade received it) tells a repeat from a reuse of the key.
   */
  idempotency?: { key: string; fingerprint: unknown }
}

/** The command's fields, as violations name them; each facade maps them to its own names. */
export type CommandField = 'to' | 'from' | 'text' | 'serviceCode' | 'sendAt'
