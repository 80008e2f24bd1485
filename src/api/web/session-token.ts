import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** What a dashboard session names: the account, the key it logged in with, and its end. */
export type SessionClaims = { accountId: number; keyId: number; expiresAt: number; nonce: string }

/**
 * Signed session values: `<account>.<key>.<expires>.<nonce>.<hmac>`. The server keeps no session
 * table; the signature proves the value was issued here, and the key it names is checked on every
 * request, so disabling or deleting that key ends its sessions at once.
 */
export class SessionSigner {
  constructor(
    private readonly secret: Buffer = randomBytes(32),
    /** Customer and operator sessions are signed apart, so neither passes for the other. */
    private readonly kind: 'customer' | 'operator' = 'customer',
  ) {}

  sign(claims: Omit<SessionClaims, 'nonce'>): { value: string; claims: SessionClaims } {
    const full = { ...claims, nonce: randomBytes(12).toString('base64url') }
    const body = `${full.accountId}.${full.keyId}.${full.expiresAt}.${full.nonce}`
    return { value: `${body}.${this.mac('session', body)}`, claims: full }
  }

  /** The claims of a value this signer issued, or null for anything else. */
  verify(value: string): SessionClaims | null {
    const m = /^(\d{1,10})\.(\d{1,15})\.(\d{1,12})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(
      value,
    )
    if (m === null) return null
    const body = `${m[1]}.${m[2]}.${m[3]}.${m[4]}`
    if (!same(this.mac('session', body), m[5]!)) return null
    return { accountId: Number(m[1]), keyId: Number(m[2]), expiresAt: Number(m[3]), nonce: m[4]! }
  }

  /** The CSRF token of a session: derived from it, so it needs no storage either. */
  csrfToken(claims: SessionClaims): string {
    return this.mac('csrf', `${claims.accountId}.${claims.keyId}.${claims.nonce}`)
  }

  csrfMatches(claims: SessionClaims, given: string): boolean {
    return same(this.csrfToken(claims), given)
  }

  private mac(purpose: string, body: string): string {
    const p = this.kind === 'customer' ? purpose : `${this.kind}-${purpose}`
    return createHmac('sha256', this.secret).update(`${p}:${body}`).digest('base64url')
  }
}

/**
 * The signer of a process: from TAUBE_SESSION_SECRET, so every API process sharing it (and the
 * next start) accepts the sessions; without it a random secret, and a restart logs everyone out.
 */
export function sessionSigner(
  secret: string | undefined,
  kind: 'customer' | 'operator' = 'customer',
): SessionSigner {
  const key = secret === undefined ? randomBytes(32) : Buffer.from(secret, 'utf8')
  return new SessionSigner(key, kind)
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
