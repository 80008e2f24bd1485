import { ERRORS } from '../../errors/catalogue.js'
import { ErrorBody } from '../errors.js'

const byStatus = new Map<number, string[]>()
for (const [code, e] of Object.entries(ERRORS)) byStatus.set(e.status, [...(byStatus.get(e.status) ?? []), code])

/** Error responses for a route's OpenAPI entry, described from the error catalogue. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { ...ErrorBody, description: `Error codes: ${(byStatus.get(s) ?? []).join(', ')}` }]),
  )
}
