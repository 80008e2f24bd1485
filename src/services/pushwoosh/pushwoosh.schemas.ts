// The operator's view of Pushwoosh applications and presets: one schema per shape validates the
// admin API's requests, documents them and types the services' answers.
import { Type, type Static } from '@sinclair/typebox'
import { SENDER_ID_PATTERN } from '../../domain/message/sender-id.js'

/** Pushwoosh's code form: `XXXXX-XXXXX`, five letters or digits on each side. */
export const APPLICATION_CODE_PATTERN = '^[A-Z0-9]{5}-[A-Z0-9]{5}$'

export const ApplicationCodeParam = Type.String({
  pattern: APPLICATION_CODE_PATTERN,
  examples: ['A1B2C-D3E4F'],
})

export const CreateApplicationBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, format: 'label', examples: ['Shop app'] }),
    sender: Type.Optional(
      Type.String({
        pattern: SENDER_ID_PATTERN,
        description:
          "The sender id of the application's messages; absent: the account's name where it is a valid sender id, else SMS",
        examples: ['AcmeShop'],
      }),
    ),
  },
  { additionalProperties: false },
)
export type CreateApplicationBody = Static<typeof CreateApplicationBody>

export const PushwooshApplication = Type.Object({
  code: Type.String({ description: 'What Pushwoosh clients send as `application`' }),
  account_id: Type.Integer(),
  name: Type.String(),
  sender: Type.Union([Type.String(), Type.Null()]),
  key_id: Type.Integer({ description: 'The API key (type pushwoosh) that is its auth token' }),
  created_at: Type.Integer(),
})
export type PushwooshApplication = Static<typeof PushwooshApplication>

export const CreatedApplication = Type.Object({
  ...PushwooshApplication.properties,
  auth: Type.String({
    description: 'The API access token Pushwoosh clients send as `auth`; shown this once',
  }),
})

export const CreatePresetBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, format: 'label', examples: ['Welcome'] }),
    content: Type.String({
      minLength: 1,
      maxLength: 1600,
      description:
        'The SMS text; `{name}`, `{name|Modifier}` or `{name|Modifier|default}` are filled from `dynamic_content_placeholders`',
      examples: ['Hello {firstname|CapitalizeFirst|there}, your code is {code}'],
    }),
  },
  { additionalProperties: false },
)
export type CreatePresetBody = Static<typeof CreatePresetBody>

export const PushwooshPreset = Type.Object({
  code: Type.String({ description: 'What createSMSMessage takes as `preset`' }),
  application: Type.String(),
  name: Type.String(),
  content: Type.String(),
  created_at: Type.Integer(),
})
export type PushwooshPreset = Static<typeof PushwooshPreset>
