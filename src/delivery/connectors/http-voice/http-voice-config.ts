import { Type, type Static } from '@sinclair/typebox'
import { CALL_OUTCOMES } from '../../../domain/voice/call-outcome.js'

/**
 * A voice provider with an HTTP API (docs/connectors.md, "HTTP voice provider"): one JSON POST
 * per call with the SSML, the language and where to report the outcome; the outcome comes back
 * to /callbacks/http/{connectorId} with the token.
 */
export const HttpVoiceConfig = Type.Object({
  url: Type.String({ pattern: '^https?://', description: 'Where calls are requested (JSON POST)' }),
  headers: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Type.String())),
  callbackUrl: Type.String({
    pattern: '^https?://',
    description:
      "The gateway's public address of /callbacks/http/{connectorId}, sent with each call",
  }),
  callbackToken: Type.String({
    minLength: 16,
    description: 'Sent with each call; the provider sends it back as `token` with the outcome',
  }),
  idPath: Type.Optional(
    Type.String({
      minLength: 1,
      default: 'call_id',
      description: "Dotted path of the call id in the provider's 2xx JSON answer",
    }),
  ),
  outcomes: Type.Optional(
    Type.Record(Type.String(), Type.Union(CALL_OUTCOMES.map((o) => Type.Literal(o))), {
      description:
        "The provider's outcome words → answered | busy | no-answer | failed; those four are understood as they are",
    }),
  ),
  timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 })),
  maxConcurrent: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 20 })),
})
export type HttpVoiceConfig = Static<typeof HttpVoiceConfig>
