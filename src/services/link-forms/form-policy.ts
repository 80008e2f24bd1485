/**
 * The limits of the subscribe and unsubscribe forms (docs/decisions.md, "Subscribe and
 * unsubscribe forms"). A code lives 10 minutes and takes 3 guesses (the third wrong one locks it):
 * with at most 5 codes a day a phone leaves 15 guesses in 1,000,000. A phone gets a new code at
 * most once a minute, so nobody floods a handset; an address asks for at most 10 codes an hour,
 * which bounds what one visitor costs the account (each code is an SMS it pays for).
 */
export const FORM_POLICY = {
  codeTtlS: 10 * 60,
  maxFailures: 3,
  phoneGapS: 60,
  phonePerDay: 5,
  ipPerHour: 10,
  /** Rows are kept as long as the longest window reads them. */
  keepS: 2 * 24 * 3600,
} as const

export type FormLanguage = 'en' | 'de'
export type FormAction = 'subscribe' | 'unsubscribe'
