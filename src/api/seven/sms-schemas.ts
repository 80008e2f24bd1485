// The shapes of seven's /api/sms for validation and the OpenAPI document. Values are loose on
// purpose: seven's clients send a form (strings) or JSON (strings, numbers, booleans); what
// each means is checked in sms-params.ts, which answers with seven's codes.
import { Type } from '@sinclair/typebox'

/** A value seven's clients send as a string (form) or as a JSON string, number or boolean. */
const Scalar = (description: string, example: string) =>
  Type.Optional(
    Type.Union([Type.String({ examples: [example] }), Type.Number(), Type.Boolean()], {
      description,
    }),
  )

export const SevenSmsParamsSchema = Type.Object(
  {
    to: Type.Optional(
      Type.Union(
        [
          Type.String({ examples: ['+491701234567,+491701234568'] }),
          Type.Number(),
          Type.Array(Type.Union([Type.String({ examples: ['+491701234567'] }), Type.Number()])),
        ],
        {
          description:
            'Recipients separated by commas: numbers (0049171…, 49171…, +49171…) or the name of a group or contact of the account',
        },
      ),
    ),
    text: Scalar('The text; with is_binary (or a udh) the data as hex', 'Your table is ready'),
    from: Scalar('Sender: at most 11 letters and digits, or a number', 'Trattoria'),
    delay: Scalar(
      'Send at: a unix timestamp or YYYY-MM-DD hh:mm:ss (Europe/Berlin)',
      '2026-12-24 18:00:00',
    ),
    flash: Scalar('1: a flash SMS (class 0)', '1'),
    ttl: Scalar('Validity in minutes, default 2880', '2880'),
    label: Scalar('Up to 100 of a-z A-Z 0-9 . - _ @', 'newsletter-12'),
    foreign_id: Scalar(
      'Your id, up to 64 of a-z A-Z 0-9 . - _ @; echoed in status callbacks',
      'order-4711',
    ),
    udh: Scalar(
      'A user data header, hex; with a hex text the message is 8-bit binary',
      '050003CC0201',
    ),
    is_binary: Scalar('1: text is hex data, sent as 8-bit binary', '1'),
    performance_tracking: Scalar('1: track clicks on links in the text (recorded)', '1'),
    no_reload: Scalar('1: turn the reload lock (same text, same number, 180 s) off', '1'),
    unicode: Scalar('Deprecated: 1 forces UCS-2', '1'),
    utf8: Scalar('Deprecated: accepted; texts are always read as UTF-8', '1'),
    return_msg_id: Scalar('Deprecated: the plain-text answer shows the ids', '1'),
    details: Scalar('Deprecated: the plain-text answer shows the booking', '1'),
    json: Scalar('Deprecated: answer in JSON, as Accept: application/json does', '1'),
    p: Scalar('Legacy: the API key, instead of X-Api-Key', 'your-api-key'),
    files: Type.Optional(
      Type.Unknown({ description: 'Attachments: `[[name]]` in the text becomes a link' }),
    ),
  },
  { additionalProperties: true },
)

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])

export const SevenSmsAnswer = Type.Union(
  [
    Type.Object({
      success: Type.String({ description: 'The return code', examples: ['100'] }),
      total_price: Type.Number({ examples: [0.075] }),
      balance: Type.Number({ examples: [593.994] }),
      debug: Type.String({ examples: ['false'] }),
      sms_type: Type.String({ examples: ['direct'] }),
      messages: Type.Array(
        Type.Object({
          id: Nullable(Type.String({ examples: ['77229318510'] })),
          sender: Type.String({ examples: ['Trattoria'] }),
          recipient: Type.String({ examples: ['491701234567'] }),
          text: Type.String({ examples: ['Your table is ready'] }),
          encoding: Type.String({ examples: ['gsm'] }),
          label: Nullable(Type.String({ examples: ['newsletter-12'] })),
          parts: Type.Integer(),
          udh: Nullable(Type.String({ examples: ['050003CC0201'] })),
          is_binary: Type.Boolean(),
          price: Type.Number({ examples: [0.075] }),
          success: Type.Boolean(),
          error: Nullable(Type.String({ examples: ['202'] })),
          error_text: Nullable(Type.String({ examples: ['to: is not a valid number'] })),
        }),
      ),
    }),
    Type.String({
      description: 'Plain text: the return code, then ids or details as asked',
      examples: ['100\n77229318510'],
    }),
  ],
  { description: 'JSON with Accept: application/json (or json=1), otherwise plain text' },
)

export const SevenDeleteBody = Type.Object(
  {
    ids: Type.Optional(
      Type.Union([
        Type.Array(Type.Union([Type.String({ examples: ['77150850625'] }), Type.Number()]), {
          maxItems: 1000,
        }),
        Type.String({ examples: ['77150850625,77150850626'] }),
      ]),
    ),
  },
  { additionalProperties: true },
)

export const SevenDeleteAnswer = Type.Object({
  success: Type.Boolean({ description: 'Every id given was cancelled' }),
  deleted: Type.Array(Type.String({ examples: ['77150850625'] })),
})
