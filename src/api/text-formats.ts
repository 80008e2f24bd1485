import { isSafeText, TEXT_FORMATS } from '../domain/text/unsafe-characters.js'

/** The free-text formats as Ajv format definitions, for the server's validator. */
export const AJV_TEXT_FORMATS: Record<
  string,
  { type: 'string'; validate: (s: string) => boolean }
> = Object.fromEntries(
  TEXT_FORMATS.map((f) => [f, { type: 'string', validate: (s: string) => isSafeText(s, f) }]),
)
