// Who calls the Pushwoosh API: `application` names the application, `auth` is its token (an
// API key of type pushwoosh). A token of another application, of another account, or of no
// application at all is refused alike, so a caller learns nothing about codes it does not own.
import { AppError, appError } from '../../errors/app-error.js'
import { findApplicationByCode } from '../../store/repositories/pushwoosh.repository.js'
import type { PushwooshApplicationRow } from '../../store/tables/pushwoosh.table.js'
import type { ServiceDeps } from '../deps.js'
import { authenticateToken, type KeyCache, type Principal } from '../keys/authenticate.js'

export type ApplicationPrincipal = { principal: Principal; application: PushwooshApplicationRow }

/**
 * The caller's account, key and application. Throws UNAUTHENTICATED for a wrong pair, and the
 * key's own refusals (inactive, address not allowed, account blocked) once the pair is right.
 */
export async function authenticateApplication(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  cache: KeyCache,
  creds: { application: string | null; auth: string | null },
  ip: string,
): Promise<ApplicationPrincipal> {
  if (creds.application === null || creds.auth === null) throw appError('UNAUTHENTICATED')
  const principal = await authenticateToken(deps, cache, creds.auth, ip, ['pushwoosh']).catch(
    (e: unknown) => {
      // A key of another API is no application's token: the pair is wrong, nothing more.
      throw e instanceof AppError && e.code === 'KEY_TYPE_NOT_ALLOWED'
        ? appError('UNAUTHENTICATED')
        : e
    },
  )
  const application = await findApplicationByCode(deps.db, creds.application)
  if (
    application === undefined ||
    Number(application.key_id) !== principal.key.id ||
    Number(application.account_id) !== principal.account.id
  )
    throw appError('UNAUTHENTICATED')
  return { principal, application }
}
