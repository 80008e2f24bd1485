import { Type, type Static } from '@sinclair/typebox'
import { SENDER_ID_PATTERN } from '../../domain/message/sender-id.js'
import { VOICE_LANGS } from '../../domain/voice/voice-lang.js'

const nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])

/**
 * The caller's own source id (spec §7.3), stored as given; bounded to 32 bits, what every store
 * column holds (a larger number failed in PostgreSQL with a 500).
 */
export const SourceField = Type.Union([
  Type.Integer({ minimum: -2_147_483_648, maximum: 2_147_483_647 }),
  Type.Null(),
])

/**
 * Taube extension, not in LOX24: short links for every web address in the text (spec §12,
 * G-38). 1 or true: simple tracking, one link per address; 2: extended tracking, one link per
 * recipient; 0, false or null: off. Campaign placeholders `[link:CODE]` are replaced either way.
 */
export const PerformanceTrackingField = Type.Union(
  [Type.Literal(0), Type.Literal(1), Type.Literal(2), Type.Boolean(), Type.Null()],
  {
    description:
      'Taube extension: 1 (or true) every web address in the text becomes a short link (simple tracking), 2 one link per recipient (extended tracking); 0, false or null off. [link:CODE] is replaced by the short link of campaign CODE either way.',
  },
)

/** The gateway's tracking for the extension field. */
export function linkTrackingOf(v: 0 | 1 | 2 | boolean | null | undefined) {
  return v === 2 ? ('extended' as const) : v === 1 || v === true ? ('simple' as const) : null
}

/** POST /sms and /sms/dryrun (spec §7.3). Phone, text and service_code get checked in depth by the service. */
export const SendSmsBody = Type.Object({
  text: Type.String({
    format: 'message-text',
    description: 'UTF-8; at most 1530 GSM or 670 UCS-2 characters',
    examples: ['Your table for 2 is booked for Friday at 19:30. See you soon!'],
  }),
  sender_id: Type.String({
    pattern: SENDER_ID_PATTERN,
    description: 'A number of up to 15 digits, or 1-11 letters, digits and spaces',
    examples: ['Trattoria'],
  }),
  phone: Type.String({
    minLength: 1,
    maxLength: 32,
    description: 'E.164 preferred; 00…, digits without +, and national numbers are converted',
    examples: ['+4915123456789'],
  }),
  delivery_at: Type.Optional(
    Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
      description: 'Unix time to send at; 0, null or a past time mean now',
    }),
  ),
  source: Type.Optional(SourceField),
  is_unicode: Type.Optional(
    Type.Union([Type.Boolean(), Type.Null()], {
      description: 'null = auto-detect, false = GSM 03.38, true = UCS-2',
    }),
  ),
  voice_lang: Type.Optional(Type.Union([...VOICE_LANGS.map((l) => Type.Literal(l)), Type.Null()])),
  callback_data: Type.Optional(
    nullable(Type.String({ maxLength: 36, format: 'label', examples: ['booking-4711'] })),
  ),
  service_code: Type.Optional(
    nullable(
      Type.String({
        description: 'direct (default), economy, pro, text2speech',
        examples: ['direct'],
      }),
    ),
  ),
  is_text_deleted: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  performance_tracking: Type.Optional(PerformanceTrackingField),
  is_delete_text: Type.Optional(
    Type.Union([Type.Boolean(), Type.Null()], {
      description: 'Alias of is_text_deleted, as the official LOX24 client sends it',
    }),
  ),
})
export type SendSmsBody = Static<typeof SendSmsBody>
