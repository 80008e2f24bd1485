// Why someone left a list through a campaign's unsubscribe form, stored as the phone entry's
// `unsubscribe_reason`. 1 is the stop keyword's (domain/incoming/opt-out.ts); the form's start at 2.

export const FORM_UNSUBSCRIBE_REASONS = {
  not_given: 2,
  too_many: 3,
  not_relevant: 4,
  never_asked: 5,
  other: 6,
} as const

export type FormUnsubscribeReason = keyof typeof FORM_UNSUBSCRIBE_REASONS

export function isFormUnsubscribeReason(s: unknown): s is FormUnsubscribeReason {
  return typeof s === 'string' && Object.hasOwn(FORM_UNSUBSCRIBE_REASONS, s)
}
