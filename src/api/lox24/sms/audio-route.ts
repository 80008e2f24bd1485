import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../../server-context.js'
import {
  createEspeakRenderer,
  type AudioRenderer,
} from '../../../services/voice/espeak-renderer.js'
import { smsAudio } from '../../../services/voice/sms-audio.js'
import { errorResponses } from '../responses.js'

/** GET /sms/{uuid}/audio: a WAV preview of a voice message (decisions.md, "Voice messages"). */
export async function smsAudioRoute(
  app: FastifyInstance,
  ctx: ServerContext,
  renderer: AudioRenderer = createEspeakRenderer(),
): Promise<void> {
  app.get<{ Params: { uuid: string } }>(
    '/sms/:uuid/audio',
    {
      schema: {
        tags: ['SMS'],
        summary: 'Listen to a voice message (text2speech) before or after it is called',
        description:
          'A WAV preview rendered by espeak-ng in the message language, with its pauses and spelled-out characters. ' +
          '404 for an SMS that is not text2speech or whose text was deleted; 429 while too many previews are rendered.',
        params: Type.Object({ uuid: Type.String() }),
        response: {
          200: { description: 'The preview', content: { 'audio/wav': { schema: Type.String() } } },
          ...errorResponses(401, 403, 404, 429, 503),
        },
      },
    },
    async (req, reply) => {
      const wav = await smsAudio(
        { db: ctx.deps.db, renderer },
        req.principal.account.id,
        req.params.uuid,
      )
      return reply.type('audio/wav').header('Cache-Control', 'private, no-store').send(wav)
    },
  )
}
