import { Type, type Static } from '@sinclair/typebox'
import { SENDER_ID_PATTERN } from '../../domain/message/sender-id.js'
import { MAIL_ADDRESS_RANGES } from '../../domain/mail/mail-address.js'

const { min, max } = MAIL_ADDRESS_RANGES.sender_id

export const SenderIdSlot = Type.Integer({
  minimum: min,
  maximum: max,
  description: `The slot, ${min}..${max}: the sender_id field of an email-to-SMS address`,
})

/** PUT /sender-ids/{slot} */
export const SetSenderIdBody = Type.Object({
  sender_id: Type.String({
    pattern: SENDER_ID_PATTERN,
    description:
      'A number of up to 15 digits (optional leading +) or 1-11 letters, digits and spaces',
    examples: ['Alarm', '+491701234567'],
  }),
})
export type SetSenderIdBody = Static<typeof SetSenderIdBody>

/** A stored sender id as accounts see it. */
export const StoredSenderId = Type.Object({
  slot: SenderIdSlot,
  sender_id: Type.String(),
  created_at: Type.Integer({ description: 'Unix time' }),
  updated_at: Type.Integer({ description: 'Unix time' }),
})
export type StoredSenderId = Static<typeof StoredSenderId>
