/** A dashboard or operator session ended by a logout, refused until it expires (0025). */
export type EndedSessionTable = {
  nonce: string
  expires_at: number // unix s
}
