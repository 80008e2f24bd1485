import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** The cookie that pairs a browser with the tokens of the forms it was shown. */
export const FORM_COOKIE = 'taube_form'
/** A form may be sent up to an hour after it was shown. */
export const FORM_TOKEN_TTL_S = 3600

/**
 * CSRF tokens of the public forms, which have no session: the page sets a random nonce in an
 * HttpOnly, SameSite=Strict cookie and puts `<issued>.<hmac(campaign, nonce, issued)>` in the
 * form. A post counts only with both, from the same browser, for the same campaign, within the
 * hour; another site can neither read the token nor send the cookie along.
 */
export class FormCsrf {
  constructor(private readonly secret: Buffer = randomBytes(32)) {}

  newNonce(): string {
    return randomBytes(16).toString('base64url')
  }

  token(o: { campaign: string; nonce: string; nowS: number }): string {
    return `${o.nowS}.${this.mac(o.campaign, o.nonce, o.nowS)}`
  }

  matches(o: {
    campaign: string
    nonce: string | undefined
    token: unknown
    nowS: number
  }): boolean {
    if (typeof o.token !== 'string' || !o.nonce || !/^[A-Za-z0-9_-]{22}$/.test(o.nonce))
      return false
    const m = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(o.token)
    if (m === null) return false
    const issued = Number(m[1])
    if (issued > o.nowS + 60 || o.nowS - issued > FORM_TOKEN_TTL_S) return false
    const want = Buffer.from(this.mac(o.campaign, o.nonce, issued))
    const got = Buffer.from(m[2]!)
    return want.length === got.length && timingSafeEqual(want, got)
  }

  private mac(campaign: string, nonce: string, issued: number): string {
    return createHmac('sha256', this.secret)
      .update(`link-form:${campaign}.${nonce}.${issued}`)
      .digest('base64url')
  }
}

/**
 * The signer of a process: from TAUBE_SESSION_SECRET, so that every API process sharing it
 * accepts the forms another one showed; without it a random secret of this process.
 */
export function formCsrf(secret: string | undefined): FormCsrf {
  return new FormCsrf(
    secret === undefined
      ? randomBytes(32)
      : createHmac('sha256', secret).update('link-forms').digest(),
  )
}
