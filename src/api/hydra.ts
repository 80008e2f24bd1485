import { Type, type TSchema } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import { PAGE_SIZE, RANGE_OPERATORS, type FilterSpec } from '../domain/query/filter-spec.js'

// JSON-LD / Hydra envelopes (spec §2.3, G-02, G-03): items carry @context/@id/@type, lists are
// hydra:Collection with a PartialCollectionView and an IriTemplate describing the filters.

export function jsonLd(type: string, id: string) {
  return { '@context': `/contexts/${type}`, '@id': id, '@type': type }
}

export const JsonLdKeys = {
  '@context': Type.String(),
  '@id': Type.String(),
  '@type': Type.String(),
}

/** Every query parameter name a spec accepts, in a stable order, for docs and hydra:search. */
export function queryParameterNames(
  spec: FilterSpec,
  paging: boolean,
): { name: string; property: string }[] {
  const out: { name: string; property: string }[] = []
  for (const [property, f] of Object.entries(spec.fields)) {
    const s = f.strategies
    if (s.includes('partial') || s.includes('boolean')) out.push({ name: property, property })
    if (s.includes('exact') || s.includes('range')) {
      out.push({ name: property, property }, { name: `${property}[]`, property })
    }
    if (s.includes('range') || (f.kind === 'integer' && s.includes('exact'))) {
      for (const op of RANGE_OPERATORS) out.push({ name: `${property}[${op}]`, property })
    }
    if (s.includes('exists')) out.push({ name: `exists[${property}]`, property })
    if (f.orderable) out.push({ name: `_order[${property}]`, property })
  }
  if (paging) out.push({ name: 'page', property: 'page' })
  const seen = new Set<string>()
  return out.filter((p) => !seen.has(p.name) && seen.add(p.name))
}

/** The querystring schema of a list endpoint: documents every filter in the OpenAPI. */
export function querystringSchema(spec: FilterSpec, paging: boolean): TSchema {
  const value = Type.Union([Type.String(), Type.Array(Type.String())])
  const props: Record<string, TSchema> = {}
  for (const p of queryParameterNames(spec, paging)) props[p.name] = Type.Optional(value)
  return Type.Object(props, { additionalProperties: true })
}

// Keyed by spec, then by path: one spec serves many paths (/webhooks/1/attempts, /webhooks/2/…)
// and the template names the path it was asked on.
const searchCache = new WeakMap<FilterSpec, Map<string, object>>()

function hydraSearch(basePath: string, spec: FilterSpec) {
  let byPath = searchCache.get(spec)
  if (!byPath) {
    byPath = new Map()
    searchCache.set(spec, byPath)
  }
  let s = byPath.get(basePath)
  if (!s) {
    const params = queryParameterNames(spec, false)
    s = {
      '@type': 'hydra:IriTemplate',
      'hydra:template': `${basePath}{?${params.map((p) => p.name).join(',')}}`,
      'hydra:variableRepresentation': 'BasicRepresentation',
      'hydra:mapping': params.map((p) => ({
        '@type': 'IriTemplateMapping',
        variable: p.name,
        property: p.property,
        required: false,
      })),
    }
    // Paths with ids are unbounded: keep the cache from growing without limit.
    if (byPath.size >= 1000) byPath.clear()
    byPath.set(basePath, s)
  }
  return s
}

/** A page of a collection; links keep the request's own filters and replace only `page`. */
export function collection<T>(opts: {
  type: string
  basePath: string
  rawQuery: string
  items: T[]
  total: number
  page: number
  spec: FilterSpec
}) {
  const last = Math.max(1, Math.ceil(opts.total / PAGE_SIZE))
  const kept = opts.rawQuery
    .split('&')
    .filter((kv) => kv !== '' && !kv.startsWith('page=') && kv !== 'page')
  const link = (page: number) => `${opts.basePath}?${[...kept, `page=${page}`].join('&')}`
  const view: Record<string, string> = {
    '@id': link(opts.page),
    '@type': 'hydra:PartialCollectionView',
    'hydra:first': link(1),
    'hydra:last': link(last),
  }
  if (opts.page > 1) view['hydra:previous'] = link(Math.min(opts.page - 1, last))
  if (opts.page < last) view['hydra:next'] = link(opts.page + 1)
  return {
    '@context': `/contexts/${opts.type}`,
    '@id': opts.basePath,
    '@type': 'hydra:Collection',
    'hydra:member': opts.items,
    'hydra:totalItems': opts.total,
    'hydra:view': view,
    'hydra:search': hydraSearch(opts.basePath, opts.spec),
  }
}

export function collectionSchema(member: TSchema) {
  return Type.Object({
    ...JsonLdKeys,
    'hydra:member': Type.Array(member),
    'hydra:totalItems': Type.Integer(),
    'hydra:view': Type.Object({
      '@id': Type.String(),
      '@type': Type.String(),
      'hydra:first': Type.String(),
      'hydra:last': Type.String(),
      'hydra:previous': Type.Optional(Type.String()),
      'hydra:next': Type.Optional(Type.String()),
    }),
    'hydra:search': Type.Object({
      '@type': Type.String(),
      'hydra:template': Type.String(),
      'hydra:variableRepresentation': Type.String(),
      'hydra:mapping': Type.Array(
        Type.Object({
          '@type': Type.String(),
          variable: Type.String(),
          property: Type.String(),
          required: Type.Boolean(),
        }),
      ),
    }),
  })
}

/** The query string as sent, for collection links that keep the request's own filters. */
export function rawQuery(req: FastifyRequest): string {
  const i = req.url.indexOf('?')
  return i < 0 ? '' : req.url.slice(i + 1)
}
