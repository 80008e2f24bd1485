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

/** A sent message with the account that sent it. */
export type AccountCandidate = SentCandidate & { account_id: number }

/**
 * For numbers (keyed by `addressKey`): the accounts that own one, as their inbound number or as
 * a sender id they verified. Only these may receive replies to it.
 */
export type NumberOwners = ReadonlyMap<string, ReadonlySet<number>>

export type ReplyOwner = { accountId: number | null; msgUuid: string | null }

const NOBODY: ReplyOwner = { accountId: null, msgUuid: null }

/**
 * Which account a message to `to` (not an inbound number) belongs to, and which SMS it answers.
 * A message sent from a number attracts replies only if its account owns that number: anyone
 * may send from any number (LOX24 does not check senders), so without this rule an account
 * that sent from another's number would read the answers meant for that other.
 * - `to` is an owned number: the newest SMS sent from it by an owner; else its only owner, with
 *   no SMS linked; several owners and none wrote: nobody (the operator's list).
 * - `to` is a number that SMS were sent from but nobody owns: nobody.
 * - otherwise (a shared number of the carrier, or a name): the SMS from that name, else the
 *   newest SMS that attracts replies (sent from a name or from a number its account owns).
 */
export function attributeReply(
  candidates: readonly AccountCandidate[],
  to: string,
  owners: NumberOwners,
): ReplyOwner {
  const attracts = (c: AccountCandidate) =>
    !isNumberAddress(c.sender_id) ||
    (owners.get(addressKey(c.sender_id))?.has(c.account_id) ?? false)
  const answer = (c: AccountCandidate | undefined): ReplyOwner =>
    c ? { accountId: c.account_id, msgUuid: c.uuid } : NOBODY
  if (isNumberAddress(to)) {
    const toOwners = owners.get(addressKey(to))
    if (toOwners && toOwners.size > 0) {
      const hit = candidates.find((c) => toOwners.has(c.account_id) && sameAddress(c.sender_id, to))
      if (hit) return answer(hit)
      return toOwners.size === 1 ? { accountId: [...toOwners][0]!, msgUuid: null } : NOBODY
    }
    if (candidates.some((c) => sameAddress(c.sender_id, to))) return NOBODY
  } else {
    const hit = candidates.find((c) => sameAddress(c.sender_id, to))
    if (hit) return answer(hit)
  }
  return answer(candidates.find(attracts))
}

/** Numbers match whatever their international prefix (+, 00 or none); names ignore case. */
export function sameAddress(a: string, b: string): boolean {
  const x = addressKey(a)
  const y = addressKey(b)
  return x !== '' && x === y
}

/** Digits only, with a +, 00 or no prefix, and separators: a number rather than a name. */
export function isNumberAddress(address: string): boolean {
  return /^(\+|00)?\d+$/.test(compact(address))
}

/** A number's international digits without prefix; a name in lower case. */
export function addressKey(address: string): string {
  const c = compact(address)
  if (/^(\+|00)?\d+$/.test(c)) return c.replace(/^(\+|00)/, '')
  return address.trim().toLowerCase()
}

function compact(address: string): string {
  return address.replace(/[\s\-./()]/g, '')
}
