// The content of a text2speech message: SSML or plain text, counted in billed characters and
// priced per started block of them (decisions.md, "Voice messages").
import { countVoiceText } from '../../domain/voice/voice-count.js'
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
  const counted = countVoiceText(payload.text)
  if (!counted.ok) {
    violations.push({ propertyPath: 'text', message: counted.message, code: counted.code })
    return null
  }
  // The text is kept as sent; connectors and the preview read it through the same parser.
  const { charsCount, partsCount } = counted
  return { text: payload.text, isUnicode: false, binary: null, charsCount, partsCount }
}
