// A valid request for an operation, built from its documented body schema: the tenant-isolation
// tests send it (another tenant's request must fail for ownership alone, not for a bad body) and
// the fuzz run mutates it. Property names the schema cannot describe well get a value from
// HINTS; an operation whose body needs more (a choice between fields) gets a row in OVERRIDES.
import type { Operation, Schema } from './openapi-operations.js'
import { SENDER_CODES } from './resource-fixtures.js'
import type { Tenant } from './security-server.js'

export type SampleRequest = {
  /** The body as a value (JSON) or null when the operation takes none. */
  body: unknown
  /** The encoded body and its Content-Type, ready to send. */
  payload?: string | Buffer
  contentType?: string
}

export type SampleContext = { tenant: Tenant; receiverUrl: string; nowS: number }

/** Values by property name, for properties whose schema alone does not make a valid value. */
const HINTS: Record<string, (c: SampleContext) => unknown> = {
  phone: () => '+491701239999',
  phones: () => ['+491701239998'],
  sender_id: () => 'Taube',
  text: (c) => `sample ${c.tenant.marker}`,
  name: (c) => `sample ${c.tenant.marker}`,
  uri: (c) => `${c.receiverUrl}/sample`,
  number: () => '+4915798000001',
  from: () => '+491709990001',
  to: () => '+4915798000001',
  account_id: (c) => c.tenant.userId,
  connector_ids: () => ['simulator'],
  amount: () => '1.5',
  balance: () => '10',
  country: () => 'DE',
  iso2: () => 'DE',
  price: () => '0.07',
  kind: () => 'simulator',
  config: () => ({}),
  connector: () => 'simulator',
  is_active: () => true,
}

/** Whole bodies for operations a schema sample cannot satisfy. */
const OVERRIDES: Record<string, (c: SampleContext) => unknown> = {
  'POST /groups/{id}/phones/batch': () => [{ phone: '+491701239997' }],
  'POST /bulks': (c) => ({
    sender_id: 'Taube',
    text: `sample ${c.tenant.marker}`,
    phones: ['+491701239996'],
  }),
  'POST /bulks/dryrun': (c) => ({
    sender_id: 'Taube',
    text: `sample ${c.tenant.marker}`,
    phones: ['+491701239996'],
  }),
  'POST /short_link_campaigns': (c) => ({
    type: 1,
    name: `sample ${c.tenant.marker}`,
    url: 'https://shop.example.com/sample',
  }),
  'PUT /short_link_campaigns/{code}': (c) => ({
    type: 1,
    name: `sample ${c.tenant.marker}`,
    url: 'https://shop.example.com/sample',
  }),
  'PUT /admin/prices': () => [{ iso2: '*', price: '0.075' }],
  'PUT /admin/accounts/{id}/prices': () => [{ iso2: 'DE', price: '0.075' }],
  // The code sent to the tenant's sender number fixture; another tenant's code is no use to it.
  'POST /sender-numbers/{id}/verify': (c) => ({
    code: SENDER_CODES.get(c.tenant.marker) ?? '000000',
  }),
}

export const CSV_BOUNDARY = 'taube-security-suite-boundary'

/** A multipart body with one file field. */
export function multipart(field: string, filename: string, content: string): Buffer {
  return Buffer.from(
    `--${CSV_BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
      `Content-Type: text/csv\r\n\r\n${content}\r\n--${CSV_BOUNDARY}--\r\n`,
  )
}

export function sampleRequest(op: Operation, c: SampleContext): SampleRequest {
  if (op.body === null) return { body: null }
  if (op.body.contentTypes.includes('multipart/form-data')) {
    const field = Object.keys(op.body.schema.properties ?? { file: {} })[0] ?? 'file'
    return {
      body: null,
      payload: multipart(field, 'phones.csv', 'phone,callback_data\n+491701239995,sample\n'),
      contentType: `multipart/form-data; boundary=${CSV_BOUNDARY}`,
    }
  }
  const override = OVERRIDES[op.name]
  const body = override ? override(c) : sampleValue(op.body.schema, c, null)
  return { body, payload: JSON.stringify(body), contentType: op.body.contentTypes[0]! }
}

/** A value that satisfies the schema: required properties only, hints by property name. */
export function sampleValue(schema: Schema, c: SampleContext, property: string | null): unknown {
  const hint = property === null ? undefined : HINTS[property]
  if (hint) return hint(c)
  if (schema.enum && schema.enum.length > 0) return schema.enum[0]
  if (schema.anyOf) {
    const first = schema.anyOf.find((s) => s.type !== 'null') ?? schema.anyOf[0]!
    return sampleValue(first, c, property)
  }
  switch (typeOf(schema)) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const name of schema.required ?? []) {
        out[name] = sampleValue(schema.properties?.[name] ?? {}, c, name)
      }
      return out
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () =>
        sampleValue(schema.items ?? {}, c, null),
      )
    case 'integer':
      return Math.max(1, schema.minimum ?? 1)
    case 'number':
      return Math.max(1, schema.minimum ?? 1)
    case 'boolean':
      return true
    case 'null':
      return null
    default:
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1))
  }
}

/** The schema's type, the first when it names several. */
export function typeOf(schema: Schema): string | undefined {
  return Array.isArray(schema.type) ? schema.type[0] : schema.type
}
