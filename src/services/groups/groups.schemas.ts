import { Type, type Static } from '@sinclair/typebox'
import type { TextFormat } from '../../domain/text/unsafe-characters.js'

// The bodies of the group and phone endpoints (spec §10.3, §11.3). The phone limits are one table
// that drives both the request schema and the per-item check of batches and CSV imports, where
// one bad item must not fail the others.

export const GROUP_NAME_MAX = 50
export const GROUP_DESCRIPTION_MAX = 255
export const COLUMN_LETTERS = ['a', 'b', 'c', 'd', 'e'] as const
export type ColumnLetter = (typeof COLUMN_LETTERS)[number]

/** Most phones one batch request (or `phones` of a new group) may carry (spec G-37). */
export const MAX_BATCH_PHONES = 10_000

/**
 * A group id in a request body: up to 15 digits, as in paths (beyond, PostgreSQL's bigint failed
 * a query with a 500).
 */
export const GroupId = Type.Integer({ minimum: 1, maximum: 999_999_999_999_999 })

/**
 * Writable phone fields, their length limits and the characters they refuse (the columns are
 * filled into SMS text, so they take what a message takes); `phone` alone is required and not
 * nullable.
 */
export const PHONE_FIELDS = {
  // The number's own normalisation refuses every character but digits, '+' and separators.
  phone: { maxLength: 30, required: true, format: null },
  a: { maxLength: 1530, required: false, format: 'message-text' },
  b: { maxLength: 1530, required: false, format: 'message-text' },
  c: { maxLength: 1530, required: false, format: 'message-text' },
  d: { maxLength: 1530, required: false, format: 'message-text' },
  e: { maxLength: 1530, required: false, format: 'message-text' },
  callback_data: { maxLength: 36, required: false, format: 'label' },
} as const satisfies Record<
  string,
  { maxLength: number; required: boolean; format: TextFormat | null }
>
export type PhoneField = keyof typeof PHONE_FIELDS

const nullableString = (
  maxLength: number,
  format: TextFormat,
  example: string,
  description?: string,
) =>
  Type.Union(
    [Type.String({ maxLength, format, examples: [example] }), Type.Null()],
    description === undefined ? {} : { description },
  )

const phoneDescriptions: Record<PhoneField, string> = {
  phone: 'Normalised to E.164 as for POST /sms (national numbers take the account country)',
  a: 'Column A (its header is the group name_a)',
  b: 'Column B',
  c: 'Column C',
  d: 'Column D',
  e: 'Column E',
  callback_data: 'Echoed in the delivery reports of bulks sent to the group',
}

/** A phone entry of a group whose columns are first and last name, city, customer no., tariff. */
const phoneExamples: Record<PhoneField, string> = {
  phone: '+4915123456789',
  a: 'Anna',
  b: 'Schmidt',
  c: 'Berlin',
  d: '10042',
  e: 'Premium',
  callback_data: 'customer-10042',
}

const optionalColumn = (f: Exclude<PhoneField, 'phone'>) =>
  Type.Optional(
    nullableString(
      PHONE_FIELDS[f].maxLength,
      PHONE_FIELDS[f].format,
      phoneExamples[f],
      phoneDescriptions[f],
    ),
  )

export const PhoneBody = Type.Object(
  {
    phone: Type.String({
      maxLength: PHONE_FIELDS.phone.maxLength,
      description: phoneDescriptions.phone,
      examples: [phoneExamples.phone],
    }),
    a: optionalColumn('a'),
    b: optionalColumn('b'),
    c: optionalColumn('c'),
    d: optionalColumn('d'),
    e: optionalColumn('e'),
    callback_data: optionalColumn('callback_data'),
  },
  {
    description:
      'Read-only fields (id, subscribed_at, unsubscribed_at, unsubscribe_reason) are ignored',
  },
)
export type PhoneBody = Static<typeof PhoneBody>
// The schema has exactly the fields of the table.
const sameFields: [keyof PhoneBody, PhoneField] extends [PhoneField, keyof PhoneBody]
  ? true
  : never = true
void sameFields

/** Items are checked one by one (see PHONE_FIELDS), so that valid ones are stored. */
export const PhoneBatchBody = Type.Array(
  Type.Unknown({ description: 'A phone object as for POST /groups/{id}/phones' }),
  { minItems: 1, maxItems: MAX_BATCH_PHONES },
)
export type PhoneBatchBody = Static<typeof PhoneBatchBody>

const DeletedAt = Type.Union(
  [Type.String({ format: 'date-time', examples: ['2027-06-30T23:59:59+02:00'] }), Type.Null()],
  {
    description:
      'When the group is deleted, with its phones (ISO 8601 with time zone, in the future); null: never',
  },
)

const groupFields = {
  name: Type.String({
    minLength: 1,
    maxLength: GROUP_NAME_MAX,
    format: 'label',
    examples: ['Regulars Berlin'],
  }),
  // Free prose over several lines, as a message is.
  description: Type.Optional(
    nullableString(
      GROUP_DESCRIPTION_MAX,
      'message-text',
      'Guests who signed up for the newsletter at the bar',
    ),
  ),
  name_a: Type.Optional(
    nullableString(
      GROUP_NAME_MAX,
      'label',
      'first_name',
      'Header of column A; placeholder [<name_a>] in bulks',
    ),
  ),
  name_b: Type.Optional(nullableString(GROUP_NAME_MAX, 'label', 'last_name')),
  name_c: Type.Optional(nullableString(GROUP_NAME_MAX, 'label', 'city')),
  name_d: Type.Optional(nullableString(GROUP_NAME_MAX, 'label', 'customer_no')),
  name_e: Type.Optional(nullableString(GROUP_NAME_MAX, 'label', 'tariff')),
  deleted_at: Type.Optional(DeletedAt),
}

/** PUT /groups/{id}: a full replace, what is left out becomes null. */
export const GroupBody = Type.Object(groupFields, {
  description: 'id and count_items are read-only and ignored',
})
export type GroupBody = Static<typeof GroupBody>

/** POST /groups: a group, optionally with its first phones. */
export const CreateGroupBody = Type.Object(
  {
    ...groupFields,
    phones: Type.Optional(
      Type.Union([Type.Array(Type.Unknown(), { maxItems: MAX_BATCH_PHONES }), Type.Null()], {
        description:
          'Phone objects stored with the new group, all or none (422 names each bad item)',
      }),
    ),
  },
  { description: 'id and count_items are read-only and ignored' },
)
export type CreateGroupBody = Static<typeof CreateGroupBody>

/** PATCH /groups/{id}: only the fields sent change (JSON merge patch). */
export const GroupPatchBody = Type.Partial(Type.Object(groupFields))
export type GroupPatchBody = Static<typeof GroupPatchBody>
