// A voice text counted for billing, or why it cannot be sent: one rule for POST /sms and bulks.
import { billingChars, parseVoiceText } from './ssml.js'
import { MAX_VOICE_CHARS, voiceBlocks } from './voice-billing.js'

export type VoiceCount =
  | { ok: true; charsCount: number; partsCount: number }
  | { ok: false; code: 'TEXT_EMPTY' | 'SSML_INVALID' | 'TEXT_TOO_LONG'; message: string }

export function countVoiceText(text: string): VoiceCount {
  const parsed = parseVoiceText(text)
  if (!parsed.ok) {
    const { code, reason } = parsed.error
    return {
      ok: false,
      code,
      message: code === 'TEXT_EMPTY' ? reason : `is not valid SSML: ${reason}`,
    }
  }
  const chars = billingChars(parsed.value)
  if (chars > MAX_VOICE_CHARS) {
    return {
      ok: false,
      code: 'TEXT_TOO_LONG',
      message: `is ${chars} billed characters (text plus 2 per second of pause); at most ${MAX_VOICE_CHARS} are allowed`,
    }
  }
  return { ok: true, charsCount: chars, partsCount: voiceBlocks(chars) }
}
