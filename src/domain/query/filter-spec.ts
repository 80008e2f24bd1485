// The generic list-query language of the LOX24 API (spec §4): what each resource offers is a
// FilterSpec; parseQuery turns a query string into conditions the store translates to SQL.

export const STRATEGIES = ['partial', 'exact', 'range', 'boolean', 'exists'] as const
export type Strategy = (typeof STRATEGIES)[number]

export type FieldKind = 'string' | 'integer' | 'boolean' | 'uuid'

export type FilterField = {
  kind: FieldKind
  strategies: readonly Strategy[]
  orderable?: boolean
}

export type OrderDirection = 'asc' | 'desc'
export type OrderBy<P extends string = string> = { field: P; direction: OrderDirection }

export type FilterSpec<P extends string = string> = {
  fields: Readonly<Record<P, FilterField>>
  /** Other names accepted for a field, e.g. `sent` for `is_sent` (spec errata 2). */
  aliases?: Readonly<Record<string, P>>
  /** Used when the request names no `_order[...]`. */
  defaultOrder: readonly OrderBy<P>[]
}

export const RANGE_OPERATORS = ['lt', 'gt', 'lte', 'gte', 'between'] as const
export type RangeOperator = (typeof RANGE_OPERATORS)[number]

export type Condition<P extends string = string> =
  | { op: 'partial'; field: P; value: string }
  | { op: 'in'; field: P; values: (string | number)[] }
  | { op: 'lt' | 'gt' | 'lte' | 'gte'; field: P; value: number }
  | { op: 'between'; field: P; from: number; to: number }
  | { op: 'bool'; field: P; value: boolean }
  | { op: 'exists'; field: P; value: boolean }

export type ParsedQuery<P extends string = string> = {
  conditions: Condition<P>[]
  order: OrderBy<P>[]
  page: number
}

/** A fixed page size, as API Platform's default the spec names (G-03). */
export const PAGE_SIZE = 30
