// Which sent SMS an inbound message answers (docs/decisions.md, "Replies").

export type SentCandidate = { uuid: string; sender_id: string }

/**
 * `candidates` are the messages sent to the inbound message's sender within the reply window,
 * newest first. One whose sender id is the address the reply went to wins. Otherwise, for a
 * reply to a shared number (not an inbound number of the account), the newest message wins:
 * carriers answer shared and alphanumeric senders from numbers of their own, so the address
 * rarely equals what the customer sent from. A message to an inbound number answers only what
 * was sent from that number.
 */
export function pickRepliedMessage(
  candidates: readonly SentCandidate[],
  to: string,
  toIsInboundNumber: boolean,
): string | null {
  const same = candidates.find((c) => sameAddress(c.sender_id, to))
  if (same) return same.uuid
  if (toIsInboundNumber) return null
  return candidates[0]?.uuid ?? null
}

/** Numbers match whatever their international prefix (+, 00 or none); names ignore case. */
export function sameAddress(a: string, b: string): boolean {
  const x = canonical(a)
  const y = canonical(b)
  return x !== '' && x === y
}

function canonical(address: string): string {
  const compact = address.replace(/[\s\-./()]/g, '')
  if (/^(\+|00)?\d+$/.test(compact)) return compact.replace(/^(\+|00)/, '')
  return address.trim().toLowerCase()
}
