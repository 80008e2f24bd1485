import { Type, type Static } from '@sinclair/typebox'

/** The built-in voice carrier: takes every call and ends each per the outcome mix. */
export const VoiceSimulatorConfig = Type.Object({
  mix: Type.Optional(
    Type.Partial(
      Type.Object({
        answered: Type.Number({ minimum: 0 }),
        busy: Type.Number({ minimum: 0 }),
        'no-answer': Type.Number({ minimum: 0 }),
        failed: Type.Number({ minimum: 0 }),
      }),
      { description: 'Relative weights of the call outcomes; default all answered' },
    ),
  ),
  callMs: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 600_000,
      default: 200,
      description: 'How long after the submit the call ends and its outcome is reported',
    }),
  ),
  /** Refuse destinations starting with these digits for good (to exercise failures). */
  rejectPrefixes: Type.Optional(Type.Array(Type.String({ pattern: '^\\d+$' }))),
})
export type VoiceSimulatorConfig = Static<typeof VoiceSimulatorConfig>
