import type { Generated, Selectable } from 'kysely'

/** Nonces of signed seven.io requests, kept until their timestamp leaves the window. */
export type SevenNonceTable = {
  key_id: number
  nonce: string
  expires_at: number // unix s
}

/** One per message sent through the seven.io API: its numeric id is seven's message id. */
export type SevenMessageTable = {
  id: Generated<number>
  account_id: number
  foreign_id: string | null
  performance_tracking: number // 0/1: asked for; no short-link service exists yet
  created_at: number // unix s
}

export type SevenMessageRow = Selectable<SevenMessageTable>
