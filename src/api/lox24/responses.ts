import { ErrorBody } from '../errors.js'
import { errorCodesDescription } from '../openapi-answers.js'

/** Error responses for a route's schema, described from the error catalogue. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { ...ErrorBody, description: errorCodesDescription(s) }]),
  )
}
