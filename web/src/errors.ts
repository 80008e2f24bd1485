import { ApiError } from './api.js'
import type { Translate } from './i18n.js'

/** A sentence for the user about a failed call: the catalogue's message, or our own words. */
export function errorText(t: Translate, e: unknown): string {
  if (!(e instanceof ApiError)) return String(e)
  if (e.code === 'NETWORK') return t('networkError')
  if (e.violations.length > 0) {
    return e.violations
      .map((v) => t('invalidField', { field: v.propertyPath, message: v.message }))
      .join(' ')
  }
  return e.message
}
