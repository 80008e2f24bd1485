// voice_lang auto-detection for text2speech (spec §14.1, gap G-44).

export const VOICE_LANGS = ['DE', 'EN', 'FR', 'IT', 'ES'] as const

export type VoiceLang = (typeof VOICE_LANGS)[number]

/** BCP 47 tags voice providers take for each language. */
export const VOICE_LANG_TAGS = {
  DE: 'de-DE',
  EN: 'en-GB',
  FR: 'fr-FR',
  IT: 'it-IT',
  ES: 'es-ES',
} as const satisfies Record<VoiceLang, string>

export function isVoiceLang(s: string): s is VoiceLang {
  return (VOICE_LANGS as readonly string[]).includes(s)
}

/** Destination prefixes (without '+') per language, exactly as documented; +79 included. */
export const VOICE_LANG_PREFIXES = {
  DE: ['49', '41', '43', '79'],
  ES: [
    '52',
    '57',
    '34',
    '54',
    '51',
    '58',
    '56',
    '593',
    '502',
    '53',
    '591',
    '504',
    '595',
    '503',
    '505',
    '506',
    '507',
    '598',
    '240',
  ],
} as const satisfies Partial<Record<VoiceLang, readonly string[]>>

// Longest first, so a longer prefix wins over a shorter one that it extends.
const RULES: readonly (readonly [string, VoiceLang])[] = Object.entries(VOICE_LANG_PREFIXES)
  .flatMap(([lang, prefixes]) => prefixes.map((prefix) => [prefix, lang as VoiceLang] as const))
  .sort(([a], [b]) => b.length - a.length)

/** `fallback` applies when no prefix matches (spec recommendation: EN). */
export function detectVoiceLang(e164: string, fallback: VoiceLang = 'EN'): VoiceLang {
  const digits = e164.startsWith('+') ? e164.slice(1) : e164
  return RULES.find(([prefix]) => digits.startsWith(prefix))?.[1] ?? fallback
}
