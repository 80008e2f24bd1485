/** How many trailing digits of a number a masked view keeps: enough to tell numbers apart. */
export const SHOWN_DIGITS = 3

/**
 * A number for views that are not the owner's (the operator's list of failures, seen across
 * accounts and on shared screens): every digit but the last three as `*`, the length and a
 * leading `+` kept. `+4915123456789` → `+**********789`.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '').length
  let seen = 0
  return phone.replace(/\d/g, (d) => (++seen > digits - SHOWN_DIGITS ? d : '*'))
}
