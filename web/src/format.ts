import type { Language } from './i18n.js'

const locale = (lang: Language) => (lang === 'de' ? 'de-DE' : 'en-GB')

export function money(lang: Language, amount: number, currency: string): string {
  return new Intl.NumberFormat(locale(lang), {
    style: 'currency',
    currency,
    maximumFractionDigits: 4,
  }).format(amount)
}

export function dateTime(lang: Language, unixS: number): string {
  if (!unixS) return '–'
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'short', timeStyle: 'medium' }).format(
    new Date(unixS * 1000),
  )
}

export function count(lang: Language, n: number): string {
  return new Intl.NumberFormat(locale(lang)).format(n)
}
