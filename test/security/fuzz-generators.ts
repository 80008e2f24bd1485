// Bad requests for an operation of the OpenAPI document, made deterministically from a seed. Each
// generator turns one valid request (request-samples.ts, path ids of the caller's own resources)
// into variants; the run takes up to `take` of them per operation, chosen by the seeded PRNG. A
// case may carry a stricter expectation than "a valid answer" where the right answer is known.
import { schemaProblems } from './answer-checks.js'
import type { Operation, Schema } from './openapi-operations.js'
import { fillPath, parameterKeys } from './openapi-operations.js'
import { typeOf, type SampleRequest } from './request-samples.js'
import type { Answer } from './security-server.js'

export type FuzzCase = {
  /** `generator: detail`, enough to make the request again by hand. */
  label: string
  method: string
  url: string
  headers: Record<string, string>
  payload?: string | Buffer
  /** Problems beyond the checks every answer gets. */
  expect?: (r: Answer) => string[]
}

export type FuzzInput = {
  op: Operation
  rng: Rng
  /** Path parameter values (not encoded) naming the caller's own resources. */
  values: Record<string, string>
  /** The path filled with `values`. */
  url: string
  sample: SampleRequest
}

export type Generator = {
  name: string
  /** How many of its cases one operation gets per run. */
  take: number
  cases: (input: FuzzInput) => FuzzCase[]
}

export type Rng = {
  next: () => number
  pick: <T>(xs: readonly T[]) => T
  sample: <T>(xs: readonly T[], n: number) => T[]
}

/** mulberry32: small, fast and the same on every platform. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!
  const sample = <T>(xs: readonly T[], n: number): T[] => {
    const copy = [...xs]
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1))
      ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
    }
    return copy.slice(0, n)
  }
  return { next, pick, sample }
}

const JUNK_STRINGS = [
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  '\u202eevil.exe',
  'a\u2066b\u2069',
  '\ufeffbom',
  '\uffff\ufffe',
  '😀'.repeat(200),
  'e\u0301\u0301\u0301\u0301',
  'مرحبا بالعالم',
  '\u0085\u2028\u2029',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '${jndi:ldap://127.0.0.1/a}',
  '../../../../etc/passwd',
  '%00%FF',
  '',
  ' ',
]
const WRONG_VALUES: unknown[] = [
  42,
  -1,
  1.5,
  true,
  false,
  null,
  'text',
  '',
  [],
  {},
  [1, 'a'],
  { a: 1 },
]
const NUMBERS: unknown[] = [
  -1,
  0,
  -(2 ** 53),
  2 ** 53 + 2,
  1e308,
  -1e308,
  1.5,
  1e-300,
  '1e999',
  '-0',
  '99999999999999999999.9999999',
]
const BAD_IDS = [
  '%FF%FE',
  '%C0%AF',
  '%ZZ',
  '%',
  '%00',
  '%20',
  '..%2F..%2Fadmin',
  // Not '%2e%2e': inject resolves it as a dot segment as a browser would (an admin call on
  // /admin/accounts/%2e%2e/prices is then /admin/prices); socket-cases.ts sends it raw.
  'x'.repeat(200),
  '1'.repeat(200),
  '-1',
  '0',
  '99999999999999999999',
  '1e3',
  '0x10',
  '%F0%9F%98%80',
  "1'%20OR%20'1'='1",
]
const SYNTAX_ERRORS = [
  '{',
  '[',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '{"a":NaN}',
  '01',
  '/* c */{}',
  'nul',
]
const STRANGE_JSON = [
  'null',
  'true',
  '"text"',
  '1',
  '[]',
  '{}',
  '['.repeat(5000) + ']'.repeat(5000),
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
]
const UNSUPPORTED_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'application/jsonx',
  'multipart/form-data; boundary=x',
]
const QUERY_VALUES = [
  '',
  '%FF',
  '%00',
  'x'.repeat(3000),
  '-1',
  '1e3',
  '[]',
  '%5B%5D',
  'true',
  'null',
]

export const GENERATORS: Generator[] = [
  {
    name: 'wrong-type',
    take: 1,
    cases: ({ op, sample, url }) => {
      const schema = op.body?.schema
      if (!schema || !isJsonBody(op)) return []
      const out: FuzzCase[] = []
      for (const root of WRONG_VALUES) {
        if (schemaProblems(schema, root, '$').length > 0)
          out.push(json(op, url, `body ${show(root)}`, root))
      }
      for (const [name, prop] of Object.entries(fieldsOf(schema))) {
        for (const v of WRONG_VALUES) {
          if (schemaProblems(prop, v, '$').length === 0) continue
          out.push(json(op, url, `${name} = ${show(v)}`, withField(sample.body, name, v)))
        }
      }
      return out
    },
  },
  {
    name: 'missing-required',
    take: 1,
    cases: ({ op, sample, url }) => {
      const schema = op.body?.schema
      if (!schema || !isJsonBody(op) || typeOf(schema) !== 'object') return []
      return (schema.required ?? []).map((name) => {
        const body = { ...(sample.body as Record<string, unknown>) }
        delete body[name]
        return json(op, url, `without ${name}`, body)
      })
    },
  },
  {
    name: 'huge-string',
    take: 1,
    cases: ({ op, sample, url }) =>
      stringFields(op).flatMap((name) =>
        [300, 20_000, 500_000].map((n) =>
          json(op, url, `${name} of ${n} characters`, withField(sample.body, name, 'x'.repeat(n))),
        ),
      ),
  },
  {
    name: 'unicode-junk',
    take: 2,
    cases: ({ op, sample, url }) =>
      stringFields(op).flatMap((name) =>
        JUNK_STRINGS.map((v) =>
          json(op, url, `${name} = ${show(v)}`, withField(sample.body, name, v)),
        ),
      ),
  },
  {
    name: 'numbers',
    take: 1,
    cases: ({ op, sample, url }) => {
      const schema = op.body?.schema
      if (!schema || !isJsonBody(op)) return []
      const names = Object.entries(fieldsOf(schema))
        .filter(([, s]) => allowsNumbers(s))
        .map(([n]) => n)
      return names.flatMap((name) =>
        NUMBERS.map((v) => json(op, url, `${name} = ${show(v)}`, withField(sample.body, name, v))),
      )
    },
  },
  {
    name: 'bad-path-id',
    take: 1,
    cases: ({ op, values }) =>
      parameterKeys(op.path).flatMap(({ name }) =>
        BAD_IDS.map((bad) => ({
          label: `{${name}} = ${bad.length > 40 ? `${bad.slice(0, 3)}… (${bad.length})` : bad}`,
          method: op.method,
          url: fillPath(op.path, { ...encodedValues(values), [name]: bad }),
          headers: {},
          // Not found or not valid, in the gateway's own error format (never Fastify's).
          expect: (r) =>
            r.status >= 400 && r.status < 500 ? [] : [`status ${r.status} for a bad id`],
        })),
      ),
  },
  {
    name: 'content-type',
    take: 1,
    cases: ({ op, values, sample }) => {
      const url = fillPath(op.path, encodedValues(values))
      const payload = sample.payload ?? '{}'
      const out: FuzzCase[] = UNSUPPORTED_TYPES.map((type) => ({
        label: `Content-Type ${type}`,
        method: op.method,
        url,
        headers: { 'content-type': type },
        payload,
        // The JSON endpoints answer any other media type with 415 (decisions, G-01); the upload
        // explains in a 400 that it takes multipart.
        expect: (r: Answer) =>
          !isJsonBody(op) || op.body!.contentTypes.some((t) => type.startsWith(t))
            ? []
            : expectStatus(r, 415),
      }))
      if (op.body !== null && isJsonBody(op)) {
        out.push({ label: 'no Content-Type', method: op.method, url, headers: {}, payload })
      }
      return out
    },
  },
  {
    name: 'charset',
    take: 1,
    cases: ({ op, url, sample }): FuzzCase[] => {
      if (op.body === null || !isJsonBody(op)) return []
      const text = typeof sample.payload === 'string' ? sample.payload : '{}'
      // JSON in another charset: the body is read as UTF-8 only, so anything else is a 415.
      return (
        [
          ['utf-16', 'utf16le'],
          ['iso-8859-1', 'latin1'],
        ] as const
      ).map(([charset, encoding]) => ({
        label: `Content-Type application/json; charset=${charset}`,
        method: op.method,
        url,
        headers: { 'content-type': `application/json; charset=${charset}` },
        payload: Buffer.from(text, encoding),
        expect: (r: Answer) => expectStatus(r, 415, 'UNSUPPORTED_CHARSET'),
      }))
    },
  },
  {
    name: 'invalid-json',
    take: 1,
    cases: ({ op, values }) => {
      if (op.body === null || !isJsonBody(op)) return []
      const url = fillPath(op.path, encodedValues(values))
      const type = op.body.contentTypes[0]!
      return [
        ...SYNTAX_ERRORS.map((text) => ({
          label: `body ${show(text)}`,
          method: op.method,
          url,
          headers: { 'content-type': type },
          payload: text,
          expect: (r: Answer) => expectStatus(r, 400),
        })),
        ...STRANGE_JSON.map((text) => ({
          label: `body ${show(text)}`,
          method: op.method,
          url,
          headers: { 'content-type': type },
          payload: text,
        })),
      ]
    },
  },
  {
    name: 'empty-body',
    take: 1,
    cases: ({ op, values }): FuzzCase[] => {
      if (op.body === null) return []
      const url = fillPath(op.path, encodedValues(values))
      const type = op.body.contentTypes[0]!
      return [
        {
          label: 'empty body',
          method: op.method,
          url,
          headers: { 'content-type': type },
          payload: '',
        },
        {
          label: 'blank body',
          method: op.method,
          url,
          headers: { 'content-type': type },
          payload: ' \r\n\t ',
        },
        { label: 'no body, no Content-Type', method: op.method, url, headers: {} },
      ]
    },
  },
  {
    name: 'body-too-large',
    take: 1,
    cases: ({ op, values, rng }) => {
      // A quarter of the operations: a megabyte to parse each time keeps the run slow otherwise.
      if (
        op.body === null ||
        !isJsonBody(op) ||
        op.body.schema.type !== 'object' ||
        rng.next() > 0.25
      )
        return []
      // Just over the 1 MiB limit of JSON bodies.
      const payload = `{"x":"${'y'.repeat(1024 * 1024)}"}`
      return [
        {
          label: 'a JSON body over 1 MiB',
          method: op.method,
          url: fillPath(op.path, encodedValues(values)),
          headers: { 'content-type': op.body.contentTypes[0]! },
          payload,
          // 413 where JSON bodies stop at 1 MiB; routes that take more refuse the junk inside.
          expect: (r) =>
            r.status >= 400 && r.status < 500 ? [] : [`status ${r.status} for an oversized body`],
        },
      ]
    },
  },
  {
    name: 'query',
    take: 1,
    cases: ({ op, values, sample }) => {
      const base = fillPath(op.path, encodedValues(values))
      const names = op.params.filter((p) => p.in === 'query').map((p) => encodeURIComponent(p.name))
      const pairs: string[] = [
        'x=1&x=2',
        '%FF=1',
        'a[b][c][d]=1',
        '__proto__[admin]=1',
        'constructor[prototype][admin]=1',
        '&&&==&',
      ]
      for (const n of names) {
        for (const v of QUERY_VALUES) pairs.push(`${n}=${v}`)
        pairs.push(`${n}=1&${n}=2`, `${n}=a&${n}[]=b`)
      }
      return pairs.map((q) => ({
        label: `?${q.length > 60 ? `${q.slice(0, 40)}… (${q.length})` : q}`,
        method: op.method,
        url: `${base}?${q}`,
        headers: contentTypeOf(sample),
        ...(sample.payload === undefined ? {} : { payload: sample.payload }),
      }))
    },
  },
  {
    name: 'headers',
    take: 1,
    cases: ({ op, values, sample }) => {
      const url = fillPath(op.path, encodedValues(values))
      const base = {
        method: op.method,
        url,
        ...(sample.payload === undefined ? {} : { payload: sample.payload }),
      }
      const ct = contentTypeOf(sample)
      const out: FuzzCase[] = [
        {
          ...base,
          label: 'Accept: application/xml',
          headers: { ...ct, accept: 'application/xml' },
        },
        {
          ...base,
          label: 'X-LOX24-REQUEST-ID from the client',
          headers: { ...ct, 'x-lox24-request-id': 'x'.repeat(64) },
        },
      ]
      for (const p of op.params.filter((x) => x.in === 'header')) {
        for (const v of ['x'.repeat(300), ' ', '\t']) {
          out.push({ ...base, label: `${p.name}: ${show(v)}`, headers: { ...ct, [p.name]: v } })
        }
      }
      return out
    },
  },
]

/** Cases for one operation: up to `take` per generator, chosen by the PRNG. */
export function casesFor(input: FuzzInput): FuzzCase[] {
  return GENERATORS.flatMap((g) =>
    input.rng.sample(g.cases(input), g.take).map((c) => ({ ...c, label: `${g.name}: ${c.label}` })),
  )
}

/**
 * Methods a path does not document (two per run): 405 with Allow naming those it does. A method
 * another template takes for the same path is left out (GET /sms/dryrun is GET /sms/{uuid}).
 */
export function wrongMethodCases(
  rng: Rng,
  path: string,
  byPath: Map<string, string[]>,
  values: Record<string, string>,
): FuzzCase[] {
  const url = fillPath(path, encodedValues(values))
  const documented = byPath.get(path) ?? []
  const elsewhere = (m: string) =>
    [...byPath].some(
      ([other, methods]) => other !== path && methods.includes(m) && templateMatches(other, path),
    )
  const others = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter(
    (m) => !documented.includes(m) && !elsewhere(m),
  )
  return rng.sample(others, 2).map((method) => ({
    label: `wrong-method: ${method} ${path}`,
    method,
    url,
    headers: {},
    expect: (r: Answer) => {
      const out = expectStatus(r, 405, 'METHOD_NOT_ALLOWED')
      const allow = String(r.headers.allow ?? '')
        .split(',')
        .map((m) => m.trim())
      const missing = documented.filter((m) => !allow.includes(m))
      if (missing.length > 0) out.push(`Allow "${allow.join(', ')}" lacks ${missing.join(', ')}`)
      return out
    },
  }))
}

/** Whether the template `pattern` also matches the literal segments of `path`. */
function templateMatches(pattern: string, path: string): boolean {
  const a = pattern.split('/')
  const b = path.split('/')
  return (
    a.length === b.length &&
    a.every((seg, i) => seg === b[i] || (/^\{.+\}$/.test(seg) && !/^\{.+\}$/.test(b[i]!)))
  )
}

export function expectStatus(r: Answer, status: number, code?: string): string[] {
  const out: string[] = []
  if (r.status !== status) out.push(`status ${r.status}, expected ${status}`)
  if (code !== undefined && r.json?.code !== code)
    out.push(`code ${String(r.json?.code)}, expected ${code}`)
  return out
}

function json(op: Operation, url: string, label: string, body: unknown): FuzzCase {
  return {
    label,
    method: op.method,
    url,
    headers: { 'content-type': op.body!.contentTypes[0]! },
    payload: JSON.stringify(body),
  }
}

function contentTypeOf(sample: SampleRequest): Record<string, string> {
  return sample.contentType === undefined ? {} : { 'content-type': sample.contentType }
}

function isJsonBody(op: Operation): boolean {
  return op.body !== null && op.body.contentTypes.some((t) => /json/.test(t))
}

/** The properties of an object body, or of the items of an array body. */
function fieldsOf(schema: Schema): Record<string, Schema> {
  if (typeOf(schema) === 'array') return schema.items ? fieldsOf(schema.items) : {}
  return schema.properties ?? {}
}

function stringFields(op: Operation): string[] {
  const schema = op.body?.schema
  if (!schema || !isJsonBody(op)) return []
  return Object.entries(fieldsOf(schema))
    .filter(([, s]) => allows(s, 'string') || (s.type === undefined && s.anyOf === undefined))
    .map(([n]) => n)
}

function allowsNumbers(s: Schema): boolean {
  return allows(s, 'integer') || allows(s, 'number')
}

function allows(s: Schema, type: string): boolean {
  if (s.anyOf) return s.anyOf.some((x) => allows(x, type))
  return Array.isArray(s.type) ? s.type.includes(type) : s.type === type
}

/** The body with one field set: in the object, or in the first item of an array body. */
function withField(body: unknown, name: string, v: unknown): unknown {
  if (Array.isArray(body)) return [{ ...(body[0] as object), [name]: v }, ...body.slice(1)]
  return { ...(body as object), [name]: v }
}

function encodedValues(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeURIComponent(v)]))
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v))
  return s.length > 40 ? `${s.slice(0, 30)}… (${s.length})` : s
}
