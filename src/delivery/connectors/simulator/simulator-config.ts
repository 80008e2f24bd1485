import { Type, type Static } from '@sinclair/typebox'

/** The built-in carrier simulator: accepts everything and reports per the outcome mix. */
export const SimulatorConfig = Type.Object({
  mix: Type.Optional(
    Type.Partial(
      Type.Object({
        delivered: Type.Number({ minimum: 0 }),
        expired: Type.Number({ minimum: 0 }),
        rejected: Type.Number({ minimum: 0 }),
        undeliverable: Type.Number({ minimum: 0 }),
      }),
      { description: 'Relative weights of the final receipt states; default all delivered' },
    ),
  ),
  dlrDelayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000, default: 200 })),
  /** Refuse destinations starting with these digits for good (to exercise failures). */
  rejectPrefixes: Type.Optional(Type.Array(Type.String({ pattern: '^\\d+$' }))),
})
export type SimulatorConfig = Static<typeof SimulatorConfig>
