import { FRAUD_PRICE_CODES } from '../../domain/fraud/fraud-check.js'
import { Type, type Static } from '@sinclair/typebox'
import { SERVICE_CODES } from '../../domain/message/service-code.js'
import { VOICE_LANGS } from '../../domain/voice/voice-lang.js'

/** A user id: the bound keeps a huge number from reaching PostgreSQL's bigint (a 500). */
export const AccountId = Type.Integer({ minimum: 1, maximum: 9_999_999_999 })

const Iso2 = Type.String({
  pattern: '^[A-Z]{2}$',
  description: 'ISO 3166-1 alpha-2, upper case',
  examples: ['DE'],
})
const Amount = Type.Union(
  [Type.Number(), Type.String({ pattern: '^-?\\d+(\\.\\d+)?$', examples: ['50.00'] })],
  { description: 'Decimal amount in the account currency, at most 6 fraction digits' },
)
const AccountName = Type.String({
  minLength: 1,
  maxLength: 200,
  format: 'label',
  examples: ['Trattoria Roma GmbH'],
})
const VoiceLang = Type.Union([...VOICE_LANGS.map((l) => Type.Literal(l)), Type.Null()], {
  description:
    'Language of text2speech messages sent without voice_lang; null: by the destination (DE, ES prefixes, else EN)',
})
const Services = Type.Array(Type.Union(SERVICE_CODES.map((s) => Type.Literal(s))), {
  uniqueItems: true,
})

export const CreateAccountBody = Type.Object({
  id: Type.Optional(Type.Integer({ ...AccountId, description: 'User id' })),
  name: AccountName,
  country: Type.Union([Iso2, Type.Null()]),
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', default: 'EUR' })),
  billing_mode: Type.Optional(Type.Union([Type.Literal('prepaid'), Type.Literal('postpaid')])),
  balance: Type.Optional(Amount),
  credit_limit: Type.Optional(Amount),
  is_text_deleted: Type.Optional(Type.Boolean()),
  services: Type.Optional(Services),
  voice_lang: Type.Optional(VoiceLang),
})
export type CreateAccountBody = Static<typeof CreateAccountBody>

export const UpdateAccountBody = Type.Partial(
  Type.Object({
    name: AccountName,
    country: Type.Union([Iso2, Type.Null()]),
    billing_mode: Type.Union([Type.Literal('prepaid'), Type.Literal('postpaid')]),
    credit_limit: Amount,
    is_text_deleted: Type.Boolean(),
    services: Services,
    status: Type.Union([Type.Literal('active'), Type.Literal('blocked')]),
    voice_lang: VoiceLang,
    push_url: Type.Union(
      [
        Type.String({
          minLength: 3,
          maxLength: 2048,
          format: 'label',
          examples: ['https://shop.example.com/sms/push'],
        }),
        Type.Null(),
      ],
      {
        description:
          'Legacy push (delivery reports by GET, inbound SMS): an http(s) URL or an email address',
      },
    ),
  }),
)
export type UpdateAccountBody = Static<typeof UpdateAccountBody>

export const TopUpBody = Type.Object({ amount: Amount })
export type TopUpBody = Static<typeof TopUpBody>

export const PriceEntry = Type.Object({
  iso2: Type.Union([Iso2, Type.Literal('*')]),
  service_code: Type.Optional(
    Type.Union(
      [
        ...SERVICE_CODES.map((s) => Type.Literal(s)),
        ...Object.values(FRAUD_PRICE_CODES).map((s) => Type.Literal(s)),
        Type.Literal('*'),
      ],
      {
        default: '*',
        description:
          'An SMS service code, a fraud-check tariff (fraud-check.economy, .pro, .direct; priced per check with iso2 *), or * for all',
      },
    ),
  ),
  price: Amount,
})
export const PriceListBody = Type.Array(PriceEntry, { maxItems: 2000 })
export type PriceListBody = Static<typeof PriceListBody>
