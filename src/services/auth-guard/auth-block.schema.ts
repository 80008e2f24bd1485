import { Type, type Static } from '@sinclair/typebox'
import { AUTH_BLOCK_KINDS } from './auth-limits.js'

/** A block in force: the operator API's and `taube ip list`'s view. */
export const AuthBlock = Type.Object({
  kind: Type.Union(
    AUTH_BLOCK_KINDS.map((k) => Type.Literal(k)),
    {
      description:
        'ip: the customer API from this address; admin-ip: the operator API; ' +
        'account: this user id from addresses its keys were not used from',
    },
  ),
  subject: Type.String({ description: 'the address, or the user id of an account lockout' }),
  blocked_until: Type.Integer({ description: 'unix seconds' }),
  retry_after: Type.Integer({ description: 'seconds left' }),
})
export type AuthBlock = Static<typeof AuthBlock>
