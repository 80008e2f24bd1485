// Bearer tokens of the messaggisms.com-compatible API: named, with an expiry and scopes, shown
// once and stored hashed. A token acts with the API key that made it (or the key of the token
// that made it): disabling or deleting that key ends its tokens too, and the key's IP list and
// the account's state apply as they do to the key.
import { appError, validationError } from '../../errors/app-error.js'
import { unixSeconds } from '../../shared/clock.js'
import * as tokens from '../../store/repositories/messaggi-token.repository.js'
import type { MessaggiTokenRow } from '../../store/tables/messaggi.table.js'
import type { ServiceDeps } from '../deps.js'
import { hashToken } from '../keys/api-key-model.js'
import {
  authenticate,
  authenticateKeyId,
  authenticateToken,
  type KeyCache,
  type Principal,
} from '../keys/authenticate.js'
import { isMessaggiScope, MESSAGGI_SCOPES, type MessaggiScope } from './scopes.js'

/** Every token starts so: the bearer value tells a token from an API key at a glance. */
export const TOKEN_PREFIX = 'mgs_'
const TOKEN_LENGTH = 40
/** Tokens an account may hold; a script that makes one per request is stopped early. */
export const MAX_TOKENS = 100

export type MessaggiToken = {
  id: number
  name: string
  scopes: MessaggiScope[]
  /** Unix seconds; null: never. */
  expiresAt: number | null
  createdAt: number
  hint: string
}

/** Who calls: the account and key, and what the credential may do. */
export type MessaggiCaller = {
  principal: Principal
  scopes: readonly MessaggiScope[]
  /** The token the caller used; null for an API key. */
  token: MessaggiToken | null
}

export type NewTokenInput = {
  name: string
  expiresAt: number | null
  scopes: readonly string[]
}

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'ids'>

/**
 * Resolves a bearer value: a token of this API, or an API key of type v2 (`<user_id>:<token>`
 * or the token alone). Unknown credentials are UNAUTHENTICATED; an expired token says so.
 */
export async function authenticateBearer(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  cache: KeyCache,
  bearer: string | null,
  ip: string,
): Promise<MessaggiCaller> {
  if (bearer === null || bearer === '') throw appError('UNAUTHENTICATED')
  if (!bearer.startsWith(TOKEN_PREFIX)) {
    const colon = bearer.indexOf(':')
    const principal =
      colon >= 0
        ? await authenticate(
            deps,
            cache,
            { userId: bearer.slice(0, colon), token: bearer.slice(colon + 1) },
            ip,
            ['v2'],
          )
        : await authenticateToken(deps, cache, bearer, ip, ['v2'])
    return { principal, scopes: MESSAGGI_SCOPES, token: null }
  }
  const row = await tokens.findMessaggiTokenByHash(deps.db, hashToken(bearer))
  if (row === undefined) throw appError('UNAUTHENTICATED')
  const token = tokenFromRow(row)
  if (token.expiresAt !== null && token.expiresAt <= unixSeconds(deps.clock))
    throw appError('MESSAGGI_TOKEN_EXPIRED', { at: token.expiresAt })
  const principal = await authenticateKeyId(deps, Number(row.account_id), Number(row.key_id), ip, [
    'v2',
  ])
  return { principal, scopes: token.scopes, token }
}

/** Refuses a caller without the scope. */
export function requireScope(caller: MessaggiCaller, scope: MessaggiScope): void {
  if (!caller.scopes.includes(scope)) throw appError('MESSAGGI_SCOPE_MISSING', { scope })
}

/**
 * A new token of the caller's account, acting with the caller's key. A token makes tokens only
 * with scopes it holds and no longer-lived than itself, so no token can widen what it may do.
 */
export async function createMessaggiToken(
  deps: Deps,
  caller: MessaggiCaller,
  input: NewTokenInput,
): Promise<{ token: MessaggiToken; secret: string }> {
  const nowS = unixSeconds(deps.clock)
  const scopes = [...new Set(input.scopes)]
  const bad = scopes.findIndex((s) => !isMessaggiScope(s))
  if (bad >= 0)
    throw validationError([
      { propertyPath: `scopes[${bad}]`, message: `must be one of ${MESSAGGI_SCOPES.join(', ')}` },
    ])
  const held = scopes.find((s) => !caller.scopes.includes(s as MessaggiScope))
  if (held !== undefined) throw appError('MESSAGGI_SCOPE_MISSING', { scope: held })
  if (input.expiresAt !== null && input.expiresAt <= nowS)
    throw validationError([{ propertyPath: 'expires_at', message: 'must be in the future' }])
  const ceiling = caller.token?.expiresAt ?? null
  if (ceiling !== null && (input.expiresAt === null || input.expiresAt > ceiling))
    throw validationError([
      {
        propertyPath: 'expires_at',
        message: `must be set and no later than the expiry of the token that makes it (${ceiling})`,
      },
    ])
  const accountId = caller.principal.account.id
  const secret = TOKEN_PREFIX + deps.ids.token(TOKEN_LENGTH)
  const row = {
    account_id: accountId,
    key_id: caller.principal.key.id,
    name: input.name,
    token_hash: hashToken(secret),
    token_hint: secret.slice(0, TOKEN_PREFIX.length + 4),
    scopes: JSON.stringify(scopes),
    expires_at: input.expiresAt,
    created_at: nowS,
  }
  const id = await deps.db.transaction().execute(async (trx) => {
    if ((await tokens.listMessaggiTokens(trx, accountId)).length >= MAX_TOKENS)
      throw validationError([
        {
          propertyPath: 'name',
          message: `the account holds ${MAX_TOKENS} tokens already; delete one first`,
        },
      ])
    return tokens.insertMessaggiToken(trx, row)
  })
  return { token: tokenFromRow({ ...row, id }), secret }
}

export async function listMessaggiTokens(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
): Promise<MessaggiToken[]> {
  return (await tokens.listMessaggiTokens(deps.db, accountId)).map(tokenFromRow)
}

export async function deleteMessaggiToken(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
  id: number,
  /** The id as the caller wrote it, for the answer. */
  given: string = String(id),
): Promise<void> {
  if (!(id > 0 && (await tokens.deleteMessaggiToken(deps.db, accountId, id))))
    throw appError('MESSAGGI_TOKEN_NOT_FOUND', { id: given })
}

function tokenFromRow(r: MessaggiTokenRow): MessaggiToken {
  return {
    id: Number(r.id),
    name: r.name,
    scopes: (JSON.parse(r.scopes) as string[]).filter(isMessaggiScope),
    expiresAt: r.expires_at === null ? null : Number(r.expires_at),
    createdAt: Number(r.created_at),
    hint: r.token_hint,
  }
}
