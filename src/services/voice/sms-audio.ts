import { AppError, appError } from '../../errors/app-error.js'
import { mergePauses, parseVoiceText, toSsml } from '../../domain/voice/ssml.js'
import { isVoiceLang } from '../../domain/voice/voice-lang.js'
import { isUuid } from '../../domain/uuid.js'
import * as sms from '../../store/repositories/sms.repository.js'
import type { ServiceDeps } from '../deps.js'
import { RenderError, type AudioRenderer } from './espeak-renderer.js'

/**
 * A WAV preview of a voice message of the account, as the call will read it: its language,
 * pauses and spelled-out characters. Messages of other accounts are unknown (404), as are
 * SMS of other services and voice messages whose text was blanked.
 */
export async function smsAudio(
  deps: Pick<ServiceDeps, 'db'> & { renderer: AudioRenderer },
  accountId: number,
  uuid: string,
): Promise<Buffer> {
  const row = isUuid(uuid) ? await sms.findSms(deps.db, accountId, uuid.toLowerCase()) : undefined
  if (!row) throw appError('SMS_NOT_FOUND', { id: uuid })
  if (row.service_code !== 'text2speech')
    throw appError('AUDIO_NOT_AVAILABLE', { id: uuid, detail: 'it is not a text2speech message' })
  const parsed = parseVoiceText(row.text)
  if (!parsed.ok)
    throw appError('AUDIO_NOT_AVAILABLE', { id: uuid, detail: 'its text was deleted' })
  const lang = row.voice_lang !== null && isVoiceLang(row.voice_lang) ? row.voice_lang : 'EN'
  try {
    return await deps.renderer.render(toSsml(mergePauses(parsed.value)), lang)
  } catch (e) {
    if (!(e instanceof RenderError)) throw e
    if (e.reason === 'busy')
      throw new AppError('AUDIO_BUSY', { retryAfter: 1 }, { headers: { 'Retry-After': '1' } })
    // The renderer's own words stay out of the answer: they name paths of this machine.
    const why = e.reason === 'timeout' ? 'rendering took too long' : 'the renderer failed'
    throw appError('UNAVAILABLE', { detail: `audio preview: ${why}` })
  }
}
