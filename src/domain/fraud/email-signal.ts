import { reason, type Reason } from './reasons.js'

// The e-mail part of a fraud check: the address's syntax (RFC 5321 dot-atom mailbox, the form
// real providers hand out), a disposable domain, a role account, and whether its domain takes
// mail (the MX answer, looked up by the service and passed in).

/**
 * What DNS said of the domain: MX records found; the domain exists without any (`none`);
 * it does not exist (`no_domain`); no answer in time or lookups off (`unknown`, no evidence).
 */
export const MX_STATES = ['found', 'none', 'no_domain', 'unknown'] as const
export type MxState = (typeof MX_STATES)[number]

export type EmailResult = {
  email: string
  valid_syntax: boolean
  domain: string | null
  disposable: boolean
  role_account: boolean
  mx: MxState
  reasons: Reason[]
}

/** Local parts that name a function, not a person (RFC 2142 and the common ones besides). */
export const ROLE_ACCOUNTS: ReadonlySet<string> = new Set([
  'abuse',
  'admin',
  'administrator',
  'billing',
  'careers',
  'contact',
  'hello',
  'help',
  'hostmaster',
  'info',
  'jobs',
  'mail',
  'marketing',
  'newsletter',
  'no-reply',
  'noc',
  'noreply',
  'office',
  'postmaster',
  'privacy',
  'root',
  'sales',
  'security',
  'service',
  'support',
  'team',
  'webmaster',
])

const ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/

/**
 * Whether the text is shaped like an address at all: one `@` between a non-empty local part and
 * domain, no spaces or control characters, at most 254 characters. What fails this is refused
 * with 422; what passes and still breaks the finer rules is scored (`email_invalid_syntax`).
 */
export function looksLikeEmail(text: string): boolean {
  if (text.length > 254 || /[\s\p{Cc}]/u.test(text)) return false
  const at = text.lastIndexOf('@')
  return at > 0 && at < text.length - 1 && text.indexOf('@') === at
}

/** The domain, lower-cased, when the address is a valid dot-atom mailbox; else null. */
export function mailboxDomain(email: string): string | null {
  if (!looksLikeEmail(email)) return null
  const at = email.lastIndexOf('@')
  const local = email.slice(0, at)
  const domain = email.slice(at + 1).toLowerCase()
  if (local.length > 64 || local.split('.').some((atom) => !ATOM.test(atom))) return null
  const labels = domain.split('.')
  if (labels.length < 2 || labels.some((l) => !LABEL.test(l))) return null
  return TLD.test(labels[labels.length - 1]!) ? domain : null
}

/**
 * Whether a domain, or a domain it belongs to, is on the disposable list (`exact`), or is
 * under one whose every subdomain is disposable (`wildcard`).
 */
export function isDisposableDomain(
  domain: string,
  lists: { exact: ReadonlySet<string>; wildcard: ReadonlySet<string> },
): boolean {
  if (lists.exact.has(domain)) return true
  const labels = domain.split('.')
  for (let i = 1; i < labels.length - 1; i++) {
    const parent = labels.slice(i).join('.')
    if (lists.wildcard.has(parent) || lists.exact.has(parent)) return true
  }
  return lists.wildcard.has(domain)
}

export function isRoleAccount(email: string): boolean {
  const local = email.slice(0, email.lastIndexOf('@')).toLowerCase()
  // `info+shop@` and `sales.de@` are the role accounts `info` and `sales`.
  return ROLE_ACCOUNTS.has(local.split(/[+.]/)[0] ?? local)
}

export function emailSignal(
  email: string,
  facts: { disposable: boolean; mx: MxState },
): EmailResult {
  const domain = mailboxDomain(email)
  const reasons: Reason[] = []
  if (domain === null) {
    reasons.push(reason('email_invalid_syntax'))
    return {
      email,
      valid_syntax: false,
      domain: null,
      disposable: false,
      role_account: false,
      mx: 'unknown',
      reasons,
    }
  }
  const role = isRoleAccount(email)
  if (facts.disposable) reasons.push(reason('email_disposable'))
  if (facts.mx === 'no_domain') reasons.push(reason('email_domain_missing'))
  else if (facts.mx === 'none') reasons.push(reason('email_no_mx'))
  if (role) reasons.push(reason('email_role_account'))
  return {
    email,
    valid_syntax: true,
    domain,
    disposable: facts.disposable,
    role_account: role,
    mx: facts.mx,
    reasons,
  }
}
