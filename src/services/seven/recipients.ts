// seven's `to`: numbers in any common form, or the name of a group or a contact of the account.
import { normalizePhone, PHONE_MESSAGES } from '../../domain/phone/e164.js'
import { unixSeconds } from '../../shared/clock.js'
import {
  phonesOfContactNamed,
  phonesOfGroupNamed,
} from '../../store/repositories/seven.repository.js'
import type { Account } from '../accounts/account-model.js'
import type { ServiceDeps } from '../deps.js'

/** One recipient: its number (E.164), or why the entry names none. */
export type Recipient = { given: string; phone: string } | { given: string; problem: string }

/** What looks like a number is taken as one; anything else is a name. */
const NUMBER_LIKE = /^[+0-9][0-9 ()./-]*$/

/**
 * The numbers `to` names, each once, in order; null when they are more than `limit`. A number
 * that does not normalise, or a name of no group or contact, is a problem entry.
 */
export async function resolveRecipients(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  account: Account,
  entries: readonly string[],
  limit: number,
): Promise<Recipient[] | null> {
  const out: Recipient[] = []
  const seen = new Set<string>()
  const add = (given: string, phone: string) => {
    if (seen.has(phone)) return
    seen.add(phone)
    out.push({ given, phone })
  }
  const nowS = unixSeconds(deps.clock)
  for (const given of entries) {
    if (out.length > limit) return null
    if (NUMBER_LIKE.test(given)) {
      const p = normalizePhone(given, account.country)
      if (p.ok) add(given, p.e164)
      else out.push({ given, problem: `"${given}" ${PHONE_MESSAGES[p.reason]}` })
      continue
    }
    // One more than the limit: enough to tell that there are too many.
    const q = { accountId: account.id, name: given, nowS, limit: limit + 1 }
    const group = await phonesOfGroupNamed(deps.db, q)
    if (group.found) {
      if (group.phones.length === 0)
        out.push({ given, problem: `group "${given}" has no subscribed numbers` })
      for (const phone of group.phones) add(given, phone)
      continue
    }
    const contacts = await phonesOfContactNamed(deps.db, q)
    if (contacts.length === 0)
      out.push({ given, problem: `"${given}" is neither a number nor a group or contact` })
    for (const phone of contacts) add(given, phone)
  }
  return out.length > limit ? null : out
}
