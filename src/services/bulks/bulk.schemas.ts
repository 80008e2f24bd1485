import { Type, type Static } from '@sinclair/typebox'
import { SENDER_ID_PATTERN } from '../../domain/message/sender-id.js'
import { VOICE_LANGS } from '../../domain/voice/voice-lang.js'
import { GroupId } from '../groups/groups.schemas.js'
import { PerformanceTrackingField, SourceField } from '../sms/sms.schemas.js'

/** POST /bulks and /bulks/dryrun (spec §8.2): phones and/or msg_groups. */
export const CreateBulkBody = Type.Object({
  sender_id: Type.String({ pattern: SENDER_ID_PATTERN, examples: ['Trattoria'] }),
  text: Type.String({
    maxLength: 1785,
    format: 'message-text',
    description:
      'May hold placeholders [<column name>] or [col_A] … [col_E], filled per recipient from its group; empty for a number only in phones',
    examples: ['Hello [first_name], this week your second pizza is free!'],
  }),
  phones: Type.Optional(
    Type.Union(
      [
        Type.Array(Type.String({ minLength: 1, maxLength: 32, examples: ['+4915123456789'] }), {
          maxItems: 50_000,
        }),
        Type.Null(),
      ],
      {
        description:
          "Numbers as for POST /sms; each number gets one SMS, and one also in a group of msg_groups gets it with that group's columns and callback_data",
      },
    ),
  ),
  msg_groups: Type.Optional(
    Type.Union([Type.Array(GroupId, { maxItems: 100 }), Type.Null()], {
      description: 'Group ids; their subscribed phones receive the bulk',
    }),
  ),
  delivery_at: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
  is_unicode: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  service_code: Type.Optional(Type.Union([Type.String({ examples: ['direct'] }), Type.Null()])),
  source: Type.Optional(SourceField),
  voice_lang: Type.Optional(Type.Union([...VOICE_LANGS.map((l) => Type.Literal(l)), Type.Null()])),
  is_text_deleted: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  performance_tracking: Type.Optional(PerformanceTrackingField),
})
export type CreateBulkBody = Static<typeof CreateBulkBody>
