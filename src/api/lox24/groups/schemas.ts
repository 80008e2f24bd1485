import { Type } from '@sinclair/typebox'
import type { Group, Phone } from '../../../services/groups/group-model.js'
import { JsonLdKeys, collectionSchema, jsonLd } from '../../hydra.js'

const NullableString = Type.Union([Type.String(), Type.Null()])
const NullableInteger = Type.Union([Type.Integer(), Type.Null()])

/** The group object (spec §10.1). */
export const GroupResource = Type.Object({
  ...JsonLdKeys,
  id: Type.Integer(),
  name: Type.String(),
  description: NullableString,
  name_a: NullableString,
  name_b: NullableString,
  name_c: NullableString,
  name_d: NullableString,
  name_e: NullableString,
  count_items: Type.Integer({ description: 'Phones in the group' }),
  deleted_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'When the group will be deleted; null: never',
  }),
})
export const GroupCollection = collectionSchema(GroupResource)

/** The phone object (spec §11.1). */
export const PhoneResource = Type.Object({
  ...JsonLdKeys,
  id: Type.String({
    description: 'Digits; a string as in the spec sample, the paths take it as an integer',
  }),
  phone: Type.String({ description: 'E.164' }),
  a: NullableString,
  b: NullableString,
  c: NullableString,
  d: NullableString,
  e: NullableString,
  callback_data: NullableString,
  subscribed_at: NullableInteger,
  unsubscribed_at: NullableInteger,
  unsubscribe_reason: NullableInteger,
})
export const PhoneCollection = collectionSchema(PhoneResource)

const ItemError = {
  index: Type.Integer({ description: 'Position of the refused item (0-based)' }),
  propertyPath: Type.String({ description: 'e.g. [3].phone' }),
  message: Type.String(),
  code: Type.Optional(Type.String()),
}

export const PhoneBatchResult = Type.Object({
  ...JsonLdKeys,
  'hydra:totalItems': Type.Integer({ description: 'Phones stored' }),
  'hydra:member': Type.Array(PhoneResource, {
    description: 'The phones stored, in the order sent',
  }),
  rejected: Type.Integer({ description: 'Items refused' }),
  errors: Type.Array(Type.Object(ItemError), {
    description: 'Why items were refused (the first 100)',
  }),
})

export const PhoneImportResult = Type.Object({
  ...JsonLdKeys,
  'hydra:totalItems': Type.Integer({ description: 'Phones stored' }),
  rejected: Type.Integer({ description: 'Rows refused' }),
  errors: Type.Array(
    Type.Object({
      ...ItemError,
      line: Type.Integer({ description: 'Line of the file where the row starts' }),
    }),
    { description: 'Why rows were refused (the first 100), and a cut-off or undecodable file' },
  ),
  ignored_columns: Type.Array(Type.String(), { description: 'Header names that match no field' }),
})

export function groupResource(g: Group) {
  return { ...jsonLd('Group', `/groups/${g.id}`), ...g }
}

export function phoneResource(p: Phone) {
  return { ...jsonLd('Phone', `/phones/${p.id}`), ...p }
}
