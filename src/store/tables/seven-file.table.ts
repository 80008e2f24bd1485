import type { Generated, Selectable } from 'kysely'

/** A file a message sent through the seven.io-compatible API carries (migration 0021). */
export type SevenFileTable = {
  /** The random code of its download page, /f/{code}. */
  code: string
  account_id: number
  name: string
  /** Base64, as received. */
  contents: string
  /** Bytes, decoded. */
  size: number
  /** `scrypt$<salt>$<hash>` (base64url), or null: open to anyone with the link. */
  password_hash: string | null
  failed_count: Generated<number>
  /** Unix s: wrong passwords lock the file until then. */
  locked_until: number | null
  created_at: number
  /** Unix s: gone from then on. */
  expires_at: number
}

export type SevenFileRow = Selectable<SevenFileTable>
