import { Type, type Static } from '@sinclair/typebox'
import {
  API_KEY_TYPES,
  ISSUABLE_KEY_TYPES,
  type ApiKey,
} from '../../../services/keys/api-key-model.js'
import { JsonLdKeys, jsonLd } from '../../hydra.js'

export const ApiKeyIdParam = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,14}$' }) })
export type ApiKeyIdParam = Static<typeof ApiKeyIdParam>

export const CreateOwnKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, format: 'label', examples: ['Online shop'] }),
    type: Type.Optional(Type.Union(ISSUABLE_KEY_TYPES.map((t) => Type.Literal(t)))),
    ip_allowlist: Type.Optional(
      Type.Union(
        [
          Type.Array(Type.String({ maxLength: 64, examples: ['203.0.113.0/24'] }), {
            maxItems: 100,
          }),
          Type.Null(),
        ],
        { description: 'Addresses or CIDR ranges the key may be used from; null = anywhere' },
      ),
    ),
  },
  { additionalProperties: false },
)
export type CreateOwnKeyBody = Static<typeof CreateOwnKeyBody>

export const UpdateOwnKeyBody = Type.Object(
  { is_active: Type.Boolean() },
  { additionalProperties: false },
)
export type UpdateOwnKeyBody = Static<typeof UpdateOwnKeyBody>

const NullableInteger = Type.Union([Type.Integer(), Type.Null()])

export const ApiKeyResource = Type.Object({
  ...JsonLdKeys,
  id: Type.Integer(),
  name: Type.String(),
  type: Type.String({ enum: [...API_KEY_TYPES] }),
  token_hint: Type.String({ description: 'The first characters of the token' }),
  is_active: Type.Boolean(),
  ip_allowlist: Type.Union([Type.Array(Type.String()), Type.Null()]),
  last_used_at: NullableInteger,
  last_used_ip: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.Integer(),
})

export const CreatedApiKey = Type.Object({
  ...ApiKeyResource.properties,
  token: Type.String({ description: 'Shown this once; only its hash is stored' }),
  auth_header: Type.String({ description: 'The X-LOX24-AUTH-TOKEN value: <user_id>:<token>' }),
})

export const ApiKeyCollection = Type.Object({
  ...JsonLdKeys,
  'hydra:member': Type.Array(ApiKeyResource),
  'hydra:totalItems': Type.Integer(),
})

export function apiKeyResource(k: ApiKey) {
  return {
    ...jsonLd('api_keys', `/api_keys/${k.id}`),
    id: k.id,
    name: k.name,
    type: k.type,
    token_hint: `${k.hint}…`,
    is_active: k.isActive,
    ip_allowlist: k.ipAllowlist,
    last_used_at: k.lastUsedAt,
    last_used_ip: k.lastUsedIp,
    created_at: k.createdAt,
  }
}
