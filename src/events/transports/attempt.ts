/**
 * The outcome of one delivery attempt. `ok` means a 2xx answer for HTTP, acceptance for email;
 * `status` is the HTTP status or SMTP reply code when the peer answered at all.
 */
export type AttemptResult = {
  ok: boolean
  status: number | null
  error: string | null
  latencyMs: number
}
