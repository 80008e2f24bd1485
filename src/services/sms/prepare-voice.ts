// The content of a text2speech message: SSML or plain text, counted in billed characters and
// priced per started block of them (decisions.md, "Voice messages").
import { billingChars, parseVoiceText } from '../../domain/voice/ssml.js'
import { MAX_VOICE_CHARS, voiceBlocks } from '../../domain/voice/voice-billing.js'
import type { CommandField, SmsPayload } from './send-command.js'

type Violation = { propertyPath: CommandField; message: string; code?: string }

export type VoiceContent = {
  text: string
  isUnicode: boolean
  binary: null
  charsCount: number
  partsCount: number
}

export function prepareVoice(payload: SmsPayload, violations: Violation[]): VoiceContent | null {
  if (payload.kind === 'binary' || payload.udh) {
    const message = 'a text2speech message is read aloud: it takes text or SSML, not binary data'
    violations.push({ propertyPath: 'text', message, code: 'VOICE_TEXT_ONLY' })
    return null
  }
  const parsed = parseVoiceText(payload.text)
  if (!parsed.ok) {
    const { code, reason } = parsed.error
    const message = code === 'TEXT_EMPTY' ? reason : `is not valid SSML: ${reason}`
    violations.push({ propertyPath: 'text', message, code })
    return null
  }
  const chars = billingChars(parsed.value)
  if (chars > MAX_VOICE_CHARS) {
    violations.push({
      propertyPath: 'text',
      message: `is ${chars} billed characters (text plus 2 per second of pause); at most ${MAX_VOICE_CHARS} are allowed`,
      code: 'TEXT_TOO_LONG',
    })
    return null
  }
  // The text is kept as sent; connectors and the preview read it through the same parser.
  return {
    text: payload.text,
    isUnicode: false,
    binary: null,
    charsCount: chars,
    partsCount: voiceBlocks(chars),
  }
}
