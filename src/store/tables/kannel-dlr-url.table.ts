import type { Selectable } from 'kysely'

/** Mode B of the Kannel emulation: where a message's delivery reports go (migration 0019). */
export type KannelDlrUrlTable = {
  sms_uuid: string
  account_id: number
  /** Kannel's dlr-url with its %-escapes, as received. */
  url: string
  /** Kannel's dlr-mask: the report types asked for. */
  mask: number
  /** `to` and `from` as Kannel sent them. */
  receiver: string
  sender: string
  /** Unix seconds, the message's. */
  created_at: number
}

export type KannelDlrUrlRow = Selectable<KannelDlrUrlTable>
