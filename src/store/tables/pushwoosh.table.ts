import type { Generated, Insertable, Selectable } from 'kysely'

/** An application of the Pushwoosh-compatible API: its code and the key its auth token is. */
export type PushwooshApplicationTable = {
  id: Generated<number>
  account_id: number
  code: string // XXXXX-XXXXX
  name: string
  key_id: number
  sender: string | null // the sender id of its messages; null: the account's default
  created_at: number // unix s
}

/** An SMS template of an application, named by its code in createSMSMessage's `preset`. */
export type PushwooshPresetTable = {
  id: Generated<number>
  account_id: number
  application_id: number
  code: string // XXXXX-XXXXX
  name: string
  content: string
  created_at: number // unix s
}

/** A phone number registered to an application (Pushwoosh device_type 18, hwid = the number). */
export type PushwooshDeviceTable = {
  application_id: number
  hwid: string // E.164
  account_id: number
  user_id: string | null
  created_at: number // unix s
}

/** One per message sent through the API: its code is the message's sms.facade_id. */
export type PushwooshMessageTable = {
  code: string // XXXX-XXXXXXXX-XXXXXXXX
  account_id: number
  application_id: number
  created_at: number // unix s
}

export type PushwooshApplicationRow = Selectable<PushwooshApplicationTable>
export type NewPushwooshApplication = Insertable<PushwooshApplicationTable>
export type PushwooshPresetRow = Selectable<PushwooshPresetTable>
export type NewPushwooshPreset = Insertable<PushwooshPresetTable>
export type PushwooshDeviceRow = Selectable<PushwooshDeviceTable>
export type PushwooshMessageRow = Selectable<PushwooshMessageTable>
