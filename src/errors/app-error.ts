import { ERRORS, type ErrorCode } from './catalogue.js'

/** One violated field of a 422 answer; `propertyPath` uses the request's own field names. */
export type Violation = { propertyPath: string; message: string; code?: string }

type Params = Record<string, string | number>

export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly violations: Violation[]
  readonly headers: Record<string, string>

  constructor(
    code: ErrorCode,
    params: Params = {},
    extra: { violations?: Violation[]; headers?: Record<string, string> } = {},
  ) {
    super(fill(ERRORS[code].message, params))
    this.name = 'AppError'
    this.code = code
    this.status = ERRORS[code].status
    this.violations = extra.violations ?? []
    this.headers = extra.headers ?? {}
  }
}

export function appError(code: ErrorCode, params: Params = {}): AppError {
  return new AppError(code, params)
}

export function validationError(violations: Violation[]): AppError {
  return new AppError('VALIDATION_FAILED', {}, { violations })
}

function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  )
}
