import { Type, type Static } from '@sinclair/typebox'
import { AccountId } from '../accounts/account.schemas.js'

const Endpoint = Type.Union(
  [
    Type.String({
      minLength: 3,
      maxLength: 2048,
      format: 'label',
      examples: ['https://shop.example.com/sms/inbound'],
    }),
    Type.Null(),
  ],
  {
    description:
      "This number's own push endpoint: an http(s) URL (legacy GET) or an email address; it replaces the account's push URL for messages to this number",
  },
)

const KannelMoUrl = Type.Union(
  [
    Type.String({
      minLength: 8,
      maxLength: 2048,
      format: 'label',
      examples: ['http://kannel.example.com:13015/?username=1234567&password=<kannel key>'],
    }),
    Type.Null(),
  ],
  {
    description:
      "A Kannel HTTP SMSC receive port (smsc = http, system-type kannel) with its username and password: this number's SMS are also sent there as Kannel takes them (from, to, text, coding, charset)",
  },
)

export const CreateInboundNumberBody = Type.Object({
  number: Type.String({
    minLength: 3,
    maxLength: 20,
    description: 'The number in E.164 (or as international digits)',
    examples: ['+4915790001234'],
  }),
  account_id: AccountId,
  endpoint: Type.Optional(Endpoint),
  kannel_mo_url: Type.Optional(KannelMoUrl),
})
export type CreateInboundNumberBody = Static<typeof CreateInboundNumberBody>

export const UpdateInboundNumberBody = Type.Object({
  account_id: Type.Optional(AccountId),
  endpoint: Type.Optional(Endpoint),
  kannel_mo_url: Type.Optional(KannelMoUrl),
})
export type UpdateInboundNumberBody = Static<typeof UpdateInboundNumberBody>

export const InboundNumber = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  account_id: Type.Integer(),
  endpoint: Type.Union([Type.String(), Type.Null()]),
  kannel_mo_url: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
})
export type InboundNumber = Static<typeof InboundNumber>

/** POST /admin/simulator/mo: the built-in simulator originates an inbound SMS. */
export const SimulatedMoBody = Type.Object({
  from: Type.String({
    minLength: 1,
    maxLength: 20,
    format: 'label',
    description: 'Sender number (or name)',
    examples: ['+4915123456789'],
  }),
  to: Type.String({
    minLength: 1,
    maxLength: 20,
    format: 'label',
    description: 'The number it was sent to',
    examples: ['+4915790001234'],
  }),
  text: Type.String({
    minLength: 1,
    maxLength: 1530,
    format: 'message-text',
    examples: ['Yes, table for 2 please'],
  }),
  connector: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'Simulator connector id; default: the first running one',
      examples: ['simulator'],
    }),
  ),
})
export type SimulatedMoBody = Static<typeof SimulatedMoBody>
