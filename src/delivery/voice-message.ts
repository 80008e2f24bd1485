import { parseVoiceText, toSsml } from '../domain/voice/ssml.js'
import { isVoiceLang, type VoiceLang } from '../domain/voice/voice-lang.js'
import type { OutboundMessage } from './connectors/connector.js'

/**
 * What a voice connector reads aloud: the stored text as clean SSML, in its language. The text
 * was checked when the message was accepted; a text blanked since is read as it stands.
 */
export function voiceOf(text: string, lang: string | null): NonNullable<OutboundMessage['voice']> {
  const parsed = parseVoiceText(text)
  const ssml = parsed.ok
    ? toSsml(parsed.value)
    : toSsml({ ssml: false, segments: [{ kind: 'text', text }] })
  const voiceLang: VoiceLang = lang !== null && isVoiceLang(lang) ? lang : 'EN'
  return { ssml, lang: voiceLang }
}
