// The operations of the built server, read from its own OpenAPI document (GET /openapi.json), so
// that the security suite covers an endpoint as soon as it is documented.

/** The part of JSON Schema the OpenAPI document uses. */
export type Schema = {
  type?: string | string[]
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  anyOf?: Schema[]
  enum?: unknown[]
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  minItems?: number
  maxItems?: number
  format?: string
  additionalProperties?: boolean | Schema
}

export type Parameter = {
  name: string
  in: 'path' | 'query' | 'header'
  required: boolean
  schema: Schema
}

export type Operation = {
  /** `GET /groups/{id}` */
  name: string
  method: string
  /** The OpenAPI path template, `/groups/{id}`. */
  path: string
  /** Operator API (`/admin/...`): admin token only. */
  admin: boolean
  /**
   * Credentials of its own instead of the customer key or the operator token (the Kannel HTTP
   * SMSC's username and password in the query, seven.io's X-Api-Key): the schemes it names.
   */
  ownCredentials: string[]
  params: Parameter[]
  /** The request body's media types and schema, if the operation takes one. */
  body: { required: boolean; contentTypes: string[]; schema: Schema } | null
  /** Status code → the documented response schema (of its first media type), if any. */
  responses: Map<string, Schema | null>
}

/** The schemes of the customer key and the operator token, which the suite's calls carry. */
const GATEWAY_SCHEMES = ['lox24Token', 'adminToken']

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const

/** Every operation of the document, in document order. */
export function operationsOf(doc: { paths: Record<string, Record<string, any>> }): Operation[] {
  const out: Operation[] = []
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method]
      if (op === undefined) continue
      const params: Parameter[] = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(
        (p: any) => ({
          name: p.name,
          in: p.in,
          required: p.required === true,
          schema: p.schema ?? {},
        }),
      )
      const content = op.requestBody?.content as Record<string, { schema?: Schema }> | undefined
      const body =
        content === undefined
          ? null
          : {
              required: op.requestBody.required === true,
              contentTypes: Object.keys(content),
              schema: Object.values(content)[0]?.schema ?? {},
            }
      const responses = new Map<string, Schema | null>()
      for (const [status, r] of Object.entries<any>(op.responses ?? {})) {
        const media = r.content ? (Object.values(r.content)[0] as { schema?: Schema }) : undefined
        responses.set(status, media?.schema ?? null)
      }
      out.push({
        name: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        admin: path === '/admin' || path.startsWith('/admin/'),
        ownCredentials: ((op.security ?? []) as Record<string, unknown>[])
          .flatMap((r) => Object.keys(r))
          .filter((scheme) => !GATEWAY_SCHEMES.includes(scheme)),
        params,
        body,
        responses,
      })
    }
  }
  return out
}

/** The path parameters of a template, in order: `/a/{x}/b/{y}` → ['x', 'y']. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)
}

/**
 * The key of each path parameter in the fixture table: the template up to and including it.
 * `/webhooks/{id}/events/{event_id}/replay` → ['/webhooks/{id}', '/webhooks/{id}/events/{event_id}'].
 */
export function parameterKeys(path: string): { name: string; key: string }[] {
  return pathParameterNames(path).map((name) => {
    const marker = `{${name}}`
    return { name, key: path.slice(0, path.indexOf(marker) + marker.length) }
  })
}

/** The template with its parameters replaced, each value taken as already encoded. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = values[name]
    if (v === undefined) throw new Error(`no value for {${name}} of ${path}`)
    return v
  })
}

/** The methods each path template documents, for the 405 checks. */
export function methodsByPath(ops: Operation[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const op of ops) out.set(op.path, [...(out.get(op.path) ?? []), op.method])
  return out
}

// Reads first, then changes, then cancels, then deletes: a request that succeeds leaves the
// resources in a state the operations after it can still act on.
const RANK: Record<string, number> = { GET: 0, HEAD: 0, POST: 1, PUT: 1, PATCH: 1, DELETE: 3 }

/** The operations in an order that deletes last; document order otherwise. */
export function inSafeOrder(ops: Operation[]): Operation[] {
  const rank = (op: Operation) => (op.path.endsWith('/cancel') ? 2 : (RANK[op.method] ?? 1))
  return [...ops].sort((x, y) => rank(x) - rank(y))
}
