import type { FormLanguage } from '../../services/link-forms/form-policy.js'

const SUPPORTED: readonly FormLanguage[] = ['en', 'de']

/**
 * The form's language from Accept-Language: the supported one the browser ranks highest
 * (q-values, then order; `de-AT` counts as `de`), English when it names none of them.
 */
export function formLanguage(header: string | undefined): FormLanguage {
  if (!header) return 'en'
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/i.exec(p)?.[1]).find((x) => x !== undefined)
      return {
        lang: tag.trim().toLowerCase().split('-')[0]!,
        q: q === undefined ? 1 : Number(q),
        i,
      }
    })
    .filter((x) => x.q > 0 && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q || a.i - b.i)
  return (
    (ranked.find((x) => SUPPORTED.includes(x.lang as FormLanguage))?.lang as FormLanguage) ?? 'en'
  )
}
