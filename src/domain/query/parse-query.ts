import {
  RANGE_OPERATORS,
  type Condition,
  type FilterField,
  type FilterSpec,
  type OrderBy,
  type ParsedQuery,
  type RangeOperator,
} from './filter-spec.js'
import { isUuid } from '../uuid.js'

export type RawQuery = Record<string, string | string[] | undefined>
export type QueryError = { parameter: string; detail: string }
type Result<T> = { ok: true; value: T } | { ok: false; error: QueryError }

const INTEGER = /^-?\d{1,15}$/
const BRACKETED = /^([A-Za-z_][\w.]*)\[(\w*)\]$/

class QueryProblem extends Error {
  constructor(
    readonly parameter: string,
    readonly detail: string,
  ) {
    super(detail)
  }
}

/**
 * Parses `?phone=49&iso2[]=DE&created_at[gte]=…&exists[x]=0&_order[created_at]=desc&page=2`.
 * Different parameters combine with AND, values of one array parameter with OR; unknown
 * parameters are ignored, malformed values of known ones are errors naming the parameter.
 */
export function parseQuery<S extends FilterSpec, P extends string = keyof S['fields'] & string>(
  specOf: S,
  query: RawQuery,
  opts: { paging: boolean } = { paging: true },
): Result<ParsedQuery<P>> {
  // The field names are the keys of `fields`; aliases and the default order only use them.
  const spec = specOf as unknown as FilterSpec<P>
  try {
    const conditions: Condition<P>[] = []
    const order: OrderBy<P>[] = []
    let page = 1
    for (const [param, raw] of Object.entries(query)) {
      if (raw === undefined) continue
      const values = Array.isArray(raw) ? raw : [raw]
      const last = values[values.length - 1] ?? ''
      if (param === 'page') {
        if (opts.paging) page = parsePage(param, last)
        continue
      }
      const m = BRACKETED.exec(param)
      if (m) {
        const [, outer, inner] = m as unknown as [string, string, string]
        if (outer === '_order') {
          const field = resolve(spec, inner)
          if (field === undefined || !spec.fields[field].orderable) {
            throw new QueryProblem(param, `ordering by "${inner}" is not supported`)
          }
          order.push({ field, direction: parseDirection(param, last) })
        } else if (outer === 'exists') {
          const field = resolve(spec, inner)
          if (field === undefined || !has(spec.fields[field], 'exists')) continue
          conditions.push({ op: 'exists', field, value: parseBoolean(param, last) })
        } else if (inner === '') {
          const field = resolve(spec, outer)
          if (field === undefined) continue
          const f = spec.fields[field]
          if (!has(f, 'exact') && !has(f, 'range')) continue
          conditions.push({ op: 'in', field, values: values.map((v) => parseValue(param, f, v)) })
        } else if ((RANGE_OPERATORS as readonly string[]).includes(inner)) {
          const field = resolve(spec, outer)
          if (field === undefined) continue
          const f = spec.fields[field]
          if (!has(f, 'range') && !(f.kind === 'integer' && has(f, 'exact'))) {
            throw new QueryProblem(param, `"${outer}" does not support range operators`)
          }
          conditions.push(parseRange(param, field, inner as RangeOperator, last))
        }
        continue
      }
      const field = resolve(spec, param)
      // Order-only fields (no strategies) are not filters: ignored like unknown names.
      if (field === undefined || spec.fields[field].strategies.length === 0) continue
      conditions.push(scalarCondition(param, field, spec.fields[field], values))
    }
    return {
      ok: true,
      value: { conditions, order: order.length > 0 ? order : [...spec.defaultOrder], page },
    }
  } catch (e) {
    if (e instanceof QueryProblem) {
      return { ok: false, error: { parameter: e.parameter, detail: e.detail } }
    }
    throw e
  }
}

function resolve<P extends string>(spec: FilterSpec<P>, name: string): P | undefined {
  if (Object.hasOwn(spec.fields, name)) return name as P
  return spec.aliases && Object.hasOwn(spec.aliases, name) ? spec.aliases[name] : undefined
}

function has(f: FilterField, s: FilterField['strategies'][number]): boolean {
  return f.strategies.includes(s)
}

function scalarCondition<P extends string>(
  param: string,
  field: P,
  f: FilterField,
  values: string[],
): Condition<P> {
  const last = values[values.length - 1] ?? ''
  if (has(f, 'boolean')) return { op: 'bool', field, value: parseBoolean(param, last) }
  if (has(f, 'partial')) return { op: 'partial', field, value: text(param, last) }
  if (has(f, 'exact') || has(f, 'range')) {
    // The scalar form of a range-only field is an exact match (spec §4 notes).
    return { op: 'in', field, values: values.map((v) => parseValue(param, f, v)) }
  }
  throw new QueryProblem(param, 'this field cannot be filtered')
}

function parseValue(param: string, f: FilterField, v: string): string | number {
  switch (f.kind) {
    case 'integer':
      return parseInteger(param, v)
    case 'uuid':
      if (!isUuid(v)) throw new QueryProblem(param, `"${v}" is not a UUID`)
      return v.toLowerCase()
    case 'boolean':
      return parseBoolean(param, v) ? 1 : 0
    case 'string':
      return text(param, v)
  }
}

// PostgreSQL text cannot hold NUL: a filter holding one failed the whole query (a 500) instead of
// matching nothing.
function text(param: string, v: string): string {
  if (v.includes('\u0000')) throw new QueryProblem(param, 'must not contain NUL (%00)')
  return v
}

function parseRange<P extends string>(
  param: string,
  field: P,
  op: RangeOperator,
  v: string,
): Condition<P> {
  if (op !== 'between') return { op, field, value: parseInteger(param, v) }
  const parts = v.split('..')
  if (parts.length !== 2) {
    throw new QueryProblem(
      param,
      `"${v}" is not a range; use <from>..<to>, e.g. 1575158400..1575676800`,
    )
  }
  return {
    op: 'between',
    field,
    from: parseInteger(param, parts[0]!),
    to: parseInteger(param, parts[1]!),
  }
}

function parseInteger(param: string, v: string): number {
  if (!INTEGER.test(v.trim())) throw new QueryProblem(param, `"${v}" is not an integer`)
  return Number(v.trim())
}

function parseBoolean(param: string, v: string): boolean {
  switch (v.toLowerCase()) {
    case 'true':
    case '1':
      return true
    case 'false':
    case '0':
      return false
    default:
      throw new QueryProblem(param, `"${v}" is not a boolean; use true, false, 1 or 0`)
  }
}

function parseDirection(param: string, v: string): 'asc' | 'desc' {
  const d = v.toLowerCase()
  if (d === '' || d === 'asc') return 'asc'
  if (d === 'desc') return 'desc'
  throw new QueryProblem(param, `"${v}" is not a sort direction; use asc or desc`)
}

function parsePage(param: string, v: string): number {
  const n = parseInteger(param, v)
  if (n < 1) throw new QueryProblem(param, 'pages are numbered from 1')
  return n
}
