// The risk model's evidence: every reason a check can give, with its stated weight (the points
// it alone would score, 0..100). docs/fraud.md explains each; the compiler keeps both in step.

export const REASONS = {
  phone_impossible: { weight: 80, text: 'the number has a length no number of its country has' },
  phone_invalid: { weight: 60, text: 'the number is not assigned in its numbering plan' },
  phone_premium_rate: { weight: 50, text: 'a premium-rate number' },
  phone_toll_free: { weight: 40, text: 'a toll-free number' },
  phone_voip: { weight: 35, text: 'a VoIP number, cheap to obtain in quantity' },
  phone_unusual_type: {
    weight: 25,
    text: 'a shared-cost, personal, pager, UAN or voicemail number',
  },
  phone_fixed_line: { weight: 10, text: 'a fixed-line number, which cannot receive SMS' },
  phone_delivery_failed: {
    weight: 30,
    text: 'SMS of this account to the number failed more often than they were delivered',
  },
  phone_opted_out: { weight: 25, text: 'the number unsubscribed from this account' },
  email_invalid_syntax: { weight: 70, text: 'no mailbox can have this address' },
  email_disposable: { weight: 60, text: 'the domain hands out disposable addresses' },
  email_domain_missing: { weight: 60, text: 'the domain does not exist' },
  email_no_mx: { weight: 45, text: 'the domain receives no mail (no MX record)' },
  email_role_account: {
    weight: 20,
    text: 'a role account (info@, admin@ …), not a person',
  },
  ip_not_public: {
    weight: 50,
    text: 'a private, loopback, reserved or shared address, never a customer seen from outside',
  },
  ip_unknown_location: { weight: 15, text: 'the location database does not know the address' },
  address_incomplete: {
    weight: 15,
    text: 'the address lacks its city, postal code, street or house number',
  },
  address_ip_country_mismatch: {
    weight: 30,
    text: "the address's country is not the IP address's",
  },
  address_phone_country_mismatch: {
    weight: 25,
    text: "the address's country is not the phone number's",
  },
  phone_ip_country_mismatch: {
    weight: 20,
    text: "the phone number's country is not the IP address's",
  },
} as const satisfies Record<string, { weight: number; text: string }>

export type ReasonCode = keyof typeof REASONS

/** One piece of evidence, as the answer shows it. */
export type Reason = { code: ReasonCode; weight: number; text: string }

export function reason(code: ReasonCode): Reason {
  return { code, weight: REASONS[code].weight, text: REASONS[code].text }
}

/**
 * Combines independent evidence as a noisy-OR: each reason alone scores its weight, two score
 * more than either but never 100 unless one does (1 − Π(1 − wᵢ/100)), rounded. No reason: 0.
 */
export function combine(reasons: readonly Reason[]): number {
  let clean = 1
  for (const r of reasons) clean *= 1 - r.weight / 100
  return Math.round(100 * (1 - clean))
}
