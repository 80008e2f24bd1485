import { Type, type Static } from '@sinclair/typebox'
import { AccountId } from '../accounts/account.schemas.js'

const Number_ = Type.String({
  minLength: 3,
  maxLength: 20,
  description:
    'The number in E.164 (+491701234567), international digits, or national for the account country',
  examples: ['+491701234567'],
})

/** POST /sender-numbers: register a number and have a code sent to it. */
export const RegisterSenderNumberBody = Type.Object({ number: Number_ })
export type RegisterSenderNumberBody = Static<typeof RegisterSenderNumberBody>

/** POST /sender-numbers/{id}/verify */
export const VerifySenderNumberBody = Type.Object({
  code: Type.String({
    minLength: 1,
    maxLength: 16,
    description: 'The code the SMS to the number carried',
    examples: ['483920'],
  }),
})
export type VerifySenderNumberBody = Static<typeof VerifySenderNumberBody>

/** POST /admin/sender-numbers: the operator vouches for a number of an account. */
export const OperatorSenderNumberBody = Type.Object({
  number: Type.String({
    minLength: 3,
    maxLength: 20,
    description: 'The number in E.164 (or as international digits)',
    examples: ['+491701234567'],
  }),
  account_id: AccountId,
})
export type OperatorSenderNumberBody = Static<typeof OperatorSenderNumberBody>

export const SENDER_NUMBER_STATUSES = ['pending', 'verified'] as const

/** A sender number as accounts see it. */
export const SenderNumber = Type.Object({
  id: Type.Integer(),
  number: Type.String({ description: 'E.164' }),
  status: Type.Union(
    SENDER_NUMBER_STATUSES.map((s) => Type.Literal(s)),
    {
      description: 'Only a verified number attracts replies',
    },
  ),
  verified_by: Type.Union([Type.Literal('code'), Type.Literal('operator'), Type.Null()]),
  verified_at: Type.Union([Type.Integer(), Type.Null()], { description: 'Unix time' }),
  code_expires_at: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Unix time the open code expires; null when no code is open',
  }),
  attempts_left: Type.Integer({ description: 'Attempts left for the open code' }),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
})
export type SenderNumber = Static<typeof SenderNumber>

/** The same, for the operator: with the account. */
export const OperatorSenderNumber = Type.Object({
  ...SenderNumber.properties,
  account_id: Type.Integer(),
})
export type OperatorSenderNumber = Static<typeof OperatorSenderNumber>
