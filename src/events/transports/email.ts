// Event notifications by email: one SMTP attempt per call; the outbox decides about retries.
import { performance } from 'node:perf_hooks'
import { createTransport } from 'nodemailer'
import type { AttemptResult } from './attempt.js'

export type EmailTransportOptions = { smtpUrl: string; from: string }

export type EmailTransport = {
  send(to: string, subject: string, body: string): Promise<AttemptResult>
  close(): Promise<void>
}

// nodemailer waits 2 min to connect and 10 min on a silent socket; a stuck relay would hold a
// worker slot that long. Query parameters of the URL (?socketTimeout=…) still take precedence.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }

export function createEmailTransport(opts: EmailTransportOptions): EmailTransport {
  const mailer = createTransport({ url: opts.smtpUrl, ...TIMEOUTS })

  async function send(to: string, subject: string, body: string): Promise<AttemptResult> {
    const started = performance.now()
    const latency = () => Math.round(performance.now() - started)
    try {
      // The body is JSON: sent as text/plain UTF-8, no HTML alternative.
      const info = await mailer.sendMail({ from: opts.from, to, subject, text: body })
      const ok = info.accepted.length > 0 && info.rejected.length === 0
      const error = ok ? null : `rejected: ${info.rejected.length} recipient(s)`
      return { ok, status: replyCode(info.response), error, latencyMs: latency() }
    } catch (err) {
      const { code, responseCode, message } = (err ?? {}) as Partial<Record<string, unknown>>
      return {
        ok: false,
        status: typeof responseCode === 'number' ? responseCode : null,
        error: describe(code, message ?? err),
        latencyMs: latency(),
      }
    }
  }

  return {
    send,
    close: async () => mailer.close(),
  }
}

// nodemailer's codes are coarse (ESOCKET for a refused connection), so the message goes along.
function describe(code: unknown, message: unknown): string {
  return typeof code === 'string' ? `${code}: ${String(message)}` : String(message)
}

function replyCode(response: string | undefined): number | null {
  const match = /^(\d{3})/.exec(response ?? '')
  return match ? Number(match[1]) : null
}
