// The dashboard's one way to the gateway: the public customer API, authenticated by the session
// cookie plus the session's CSRF token (docs/decisions.md, "Web dashboard").

export type Violation = { propertyPath: string; message: string }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly violations: Violation[] = [],
  ) {
    super(message)
  }
}

export type Session = { user_id: number; key_id: number; csrf_token: string; expires_at: number }

export type Collection<T> = {
  'hydra:member': T[]
  'hydra:totalItems': number
  'hydra:view': { 'hydra:next'?: string; 'hydra:previous'?: string; 'hydra:last': string }
}

let csrf: string | null = null

export function useSession(s: Session | null): void {
  csrf = s?.csrf_token ?? null
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (csrf !== null) headers['x-csrf-token'] = csrf
  // A form (a file upload) sets its own multipart type and boundary.
  const form = body instanceof FormData
  if (body !== undefined && !form) headers['content-type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: form ? body : JSON.stringify(body) }),
    })
  } catch {
    throw new ApiError(0, 'NETWORK', 'network')
  }
  if (res.status === 204) return undefined as T
  const data = (await res.json().catch(() => null)) as Record<string, unknown> | null
  if (!res.ok) {
    throw new ApiError(
      res.status,
      typeof data?.code === 'string' ? data.code : 'HTTP_' + res.status,
      typeof data?.['hydra:description'] === 'string' ? data['hydra:description'] : res.statusText,
      Array.isArray(data?.violations) ? (data.violations as Violation[]) : [],
    )
  }
  return data as T
}

/** A query string from filter values, leaving out the empty ones. */
export function query(
  values: Record<string, string | number | (string | number)[] | undefined>,
): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(values)) {
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one !== undefined && one !== '') p.append(k, String(one))
    }
  }
  const s = p.toString()
  return s === '' ? '' : `?${s}`
}
