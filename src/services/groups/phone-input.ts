import { normalizePhone, PHONE_MESSAGES } from '../../domain/phone/e164.js'
import { isSafeText, TEXT_FORMAT_MESSAGES } from '../../domain/text/unsafe-characters.js'
import type { Violation } from '../../errors/app-error.js'
import type { PhoneValues } from '../../store/repositories/phone.repository.js'
import { PHONE_FIELDS, type PhoneField } from './groups.schemas.js'

/**
 * Checks one phone object against PHONE_FIELDS and normalises its number to E.164 with the
 * account's country, as POST /sms does (spec §5.2). Numbers that cannot be normalised are
 * refused rather than stored as given, so every stored number can be sent to. `path` prefixes
 * the property paths: '' for a single phone, '[3]' for a batch item, 'phones[3]' in a group.
 */
export function checkPhone(
  item: unknown,
  country: string | null,
  path = '',
): { ok: true; value: PhoneValues } | { ok: false; violations: Violation[] } {
  const at = (field: string) => (path === '' ? field : `${path}.${field}`)
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return { ok: false, violations: [{ propertyPath: path, message: 'must be an object' }] }
  }
  const given = item as Record<string, unknown>
  const violations: Violation[] = []
  const text: Partial<Record<PhoneField, string | null>> = {}
  for (const [field, rule] of Object.entries(PHONE_FIELDS) as [
    PhoneField,
    (typeof PHONE_FIELDS)[PhoneField],
  ][]) {
    const v = given[field]
    if (v === undefined || v === null) {
      if (rule.required) {
        const message = v === undefined ? 'is required' : 'must be of type string'
        violations.push({ propertyPath: at(field), message })
      } else text[field] = null
    } else if (typeof v !== 'string') {
      const message = rule.required ? 'must be of type string' : 'must be string or null'
      violations.push({ propertyPath: at(field), message })
    } else if (longerThan(v, rule.maxLength)) {
      violations.push({
        propertyPath: at(field),
        message: `must be at most ${rule.maxLength} characters long`,
      })
    } else if (rule.format !== null && !isSafeText(v, rule.format)) {
      violations.push({ propertyPath: at(field), message: TEXT_FORMAT_MESSAGES[rule.format] })
    } else text[field] = v
  }
  if (typeof text.phone === 'string') {
    const n = normalizePhone(text.phone, country)
    if (n.ok) {
      text.phone = n.e164
      if (violations.length === 0) {
        return {
          ok: true,
          value: {
            phone: n.e164,
            iso2: n.iso2,
            a: text.a ?? null,
            b: text.b ?? null,
            c: text.c ?? null,
            d: text.d ?? null,
            e: text.e ?? null,
            callback_data: text.callback_data ?? null,
          },
        }
      }
    } else
      violations.push({
        propertyPath: at('phone'),
        message: PHONE_MESSAGES[n.reason],
        code: n.reason,
      })
  }
  return { ok: false, violations }
}

/** Lengths count code points, as the JSON schema's maxLength does. */
function longerThan(s: string, max: number): boolean {
  if (s.length <= max) return false
  let n = 0
  for (const _ of s) if (++n > max) return true
  return false
}
