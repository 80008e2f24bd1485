// What a front door asks of the gateway when it sends one text to many recipients, in the
// gateway's own terms. The LOX24 API maps its bulk request here (api/lox24/bulks/to-command.ts);
// other facades with lists and groups will do the same.
import type { VoiceLang } from '../../domain/voice/voice-lang.js'
import type { Principal } from '../keys/authenticate.js'
import type { TextEncoding } from '../sms/send-command.js'
import type { LinkTracking } from '../message-links/message-links.js'

export type SendBulkCommand = {
  /** The account and key it is sent for. */
  principal: Principal
  ip: string | null
  from: string
  /** May hold placeholders, filled per recipient from its group's columns. */
  text: string
  encoding: TextEncoding
  /** Numbers as given; normalised to E.164 with the account's country. */
  numbers: readonly string[]
  /** Groups of the account whose subscribed numbers receive the text. */
  groupIds: readonly number[]
  /** null: the default service. */
  serviceCode: string | null
  /** Unix seconds to send at; null, 0 or a past time: now. */
  sendAt: number | null
  source: number | null
  voiceLang: VoiceLang | null
  /** Whether the texts are deleted once sent; null: the account's setting. */
  textDeleted: boolean | null
  /** Priced and stored, nothing sent and nothing charged. */
  dryrun: boolean
  /** Short links for the web addresses in the text (simple: one per address, extended: one per recipient). */
  linkTracking?: LinkTracking | null
}

/** The command's fields, as violations name them; each facade maps them to its own names. */
export type BulkCommandField = 'from' | 'text' | 'numbers' | 'groupIds' | 'serviceCode' | 'sendAt'
