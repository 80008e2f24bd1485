// The return codes of the seven.io API (spec compat.md §1, seed 003), in one table: the code a
// client reads (the `success` field of a JSON answer, the first line of a plain-text one), what
// it means and the HTTP status Taube answers it with. seven's clients read the code from the
// body; the status tells proxies, logs and monitoring the same thing.

export const SEVEN_CODES = {
  100: { meaning: 'SMS accepted by the gateway, will be sent', status: 200 },
  101: { meaning: 'sending failed for at least one recipient', status: 200 },
  201: { meaning: 'invalid sender: at most 11 alphanumeric or 16 numeric characters', status: 400 },
  202: { meaning: 'invalid recipient number', status: 400 },
  301: { meaning: 'parameter to is missing', status: 400 },
  305: { meaning: 'parameter text is invalid', status: 400 },
  401: { meaning: 'parameter text is too long', status: 400 },
  402: { meaning: 'this SMS was already sent within the last 180 seconds', status: 409 },
  403: { meaning: 'daily limit for this recipient reached', status: 429 },
  500: { meaning: 'not enough balance', status: 402 },
  600: { meaning: 'an error occurred while sending', status: 500 },
  900: { meaning: 'authentication failed', status: 401 },
  901: { meaning: 'signature hash verification failed', status: 401 },
  902: { meaning: 'the API key has no access to this endpoint', status: 403 },
  903: { meaning: 'the request IP is not in the list of allowed IP addresses', status: 403 },
} as const satisfies Record<number, { meaning: string; status: number }>

export type SevenCode = keyof typeof SEVEN_CODES

/** A refusal in seven's terms: its code, and a reason naming the field where there is one. */
export class SevenError extends Error {
  readonly code: SevenCode
  readonly headers: Record<string, string>
  /** The HTTP status; the table's, unless the refusal has its own (a blocked address: 429). */
  readonly status: number

  constructor(
    code: SevenCode,
    reason: string = SEVEN_CODES[code].meaning,
    extra: { headers?: Record<string, string>; status?: number } = {},
  ) {
    super(reason)
    this.name = 'SevenError'
    this.code = code
    this.headers = extra.headers ?? {}
    this.status = extra.status ?? SEVEN_CODES[code].status
  }
}
