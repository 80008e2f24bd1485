import { AppError } from '../errors/app-error.js'

/**
 * Runs a service call and answers its violations in the caller's own field names: the services
 * name the fields of their command (`to`, `sendAt`), each facade the fields of its request
 * (`phone`, `delivery_at`), an index kept: `numbers[2]` becomes `phones[2]`. A path the table does not name is left as it is.
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
      // `numbers[2].x`: the name is renamed, its index and the rest kept.
      const name = /^[^.[]+/.exec(v.propertyPath)?.[0] ?? ''
      const renamed = names[name]
      if (renamed !== undefined) v.propertyPath = renamed + v.propertyPath.slice(name.length)
    }
    throw err
  }
}
