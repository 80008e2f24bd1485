export type HttpResponse<T = any> = {
  status: number
  headers: Headers
  body: T
  text: string
}

export type RequestOptions = {
  method?: string
  token?: string | null
  headers?: Record<string, string>
  body?: unknown
  rawBody?: string
}

/** A real HTTP request against a running server. `token` is `<user_id>:<token>`. */
export async function http<T = any>(
  base: string,
  path: string,
  opts: RequestOptions = {},
): Promise<HttpResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers }
  if (opts.token) headers['X-LOX24-AUTH-TOKEN'] = opts.token
  let body: string | undefined
  if (opts.rawBody !== undefined) body = opts.rawBody
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body)
    headers['Content-Type'] ??= 'application/json'
  }
  const res = await fetch(base + path, {
    method: opts.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  })
  const text = await res.text()
  let parsed: unknown = text
  if (text !== '' && /json/.test(res.headers.get('content-type') ?? '')) parsed = JSON.parse(text)
  return { status: res.status, headers: res.headers, body: parsed as T, text }
}
