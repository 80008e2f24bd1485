import { AppError } from '../errors/app-error.js'

/**
 * Runs a service call and answers its violations in the caller's own field names: the services
 * name the fields of their command (`to`, `sendAt`), each facade the fields of its request
 * (`phone`, `delivery_at`). A path the table does not name is left as it is.
 */
export async function inRequestTerms<T>(
  names: Readonly<Record<string, string>>,
  work: Promise<T>,
): Promise<T> {
  try {
    return await work
  } catch (err) {
    if (!(err instanceof AppError) || err.violations.length === 0) throw err
    for (const v of err.violations) {
      const [head, ...rest] = v.propertyPath.split('.')
      const renamed = names[head!]
      if (renamed !== undefined) v.propertyPath = [renamed, ...rest].join('.')
    }
    throw err
  }
}
