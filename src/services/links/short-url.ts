import type { ServiceSettings } from '../deps.js'

export type ShortUrlSettings = Pick<ServiceSettings, 'publicUrl' | 'shortBaseUrl'>

/**
 * The short URL of a code: TAUBE_SHORT_BASE_URL (the operator's short domain) followed by the
 * code, else the gateway's own `/l/` route.
 */
export function shortUrlOf(settings: ShortUrlSettings, code: string): string {
  return `${shortBaseOf(settings)}${code}`
}

export function shortBaseOf(settings: ShortUrlSettings): string {
  return settings.shortBaseUrl ?? `${settings.publicUrl}/l/`
}
