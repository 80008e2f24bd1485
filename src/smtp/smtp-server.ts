// The one place that uses the `smtp-server` library: it listens, speaks SMTP (STARTTLS with the
// configured certificate, SIZE, no AUTH: the recipient address carries the credentials) and
// enforces the per-address limits; what a recipient and a mail mean is the handler's.
import type { Logger } from 'pino'
import { SMTPServer, type SMTPServerSession } from 'smtp-server'
import { ConnectionCount, MailRate } from './ip-limits.js'
import { createSmtpServerMetrics, type SmtpStage } from './metrics.js'

/** An SMTP reply: code and text (the enhanced status code first, RFC 3463). */
/** What a stop finished, by kind (the lifecycle's report). */
export type Drained = Record<string, number>

export type SmtpReply = { code: number; message: string }

export type MailHandler = {
  /** null accepts the recipient. */
  recipient(address: string, ip: string): Promise<SmtpReply | null>
  /** Called once the whole mail is in, with the accepted recipients; answers the DATA. */
  message(mail: { raw: Buffer; from: string | null; to: string[]; ip: string }): Promise<SmtpReply>
}

export type MailServerOptions = {
  host: string
  port: number
  tls: { cert: Buffer; key: Buffer } | null
  maxSizeBytes: number
  maxConnectionsPerIp: number
  mailsPerMinutePerIp: number
  /** Total connections; more are refused with 421. */
  maxConnections: number
  idleTimeoutMs: number
  /** After a stop, how long idle sessions may stay before they are told 421 and closed. */
  closeTimeoutMs: number
}

export class MailServer {
  private readonly server: SMTPServer
  private readonly connections: ConnectionCount
  private readonly rate: MailRate
  private readonly inFlight = new Set<Promise<unknown>>()
  private handled = 0
  private listening = false
  readonly metrics = createSmtpServerMetrics()

  constructor(
    private readonly deps: { handler: MailHandler; log: Logger; nowMs: () => number },
    private readonly opts: MailServerOptions,
  ) {
    this.connections = new ConnectionCount(opts.maxConnectionsPerIp)
    this.rate = new MailRate(opts.mailsPerMinutePerIp)
    const { handler, log } = deps
    // Sessions counted in, so a refused one is not counted out.
    const counted = new Set<string>()
    this.server = new SMTPServer({
      name: 'taube',
      banner: 'Taube email-to-SMS',
      logger: false,
      size: opts.maxSizeBytes,
      rejectOversized: true,
      authOptional: true,
      disabledCommands: opts.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : {}),
      disableReverseLookup: true,
      maxClients: opts.maxConnections,
      socketTimeout: opts.idleTimeoutMs,
      closeTimeout: opts.closeTimeoutMs,
      onConnect: (session, callback) => {
        if (this.connections.enter(session.remoteAddress)) {
          counted.add(session.id)
          return callback()
        }
        callback(
          this.refuse('connect', {
            code: 421,
            message: '4.7.0 Too many connections from your address',
          }),
        )
      },
      onClose: (session) => {
        if (counted.delete(session.id)) this.connections.leave(session.remoteAddress)
      },
      onMailFrom: (_address, session, callback) => {
        if (this.rate.take(session.remoteAddress, this.deps.nowMs())) return callback()
        callback(
          this.refuse('mail', {
            code: 451,
            message: '4.7.1 Too many mails from your address; try later',
          }),
        )
      },
      onRcptTo: (address, session, callback) => {
        this.track(handler.recipient(address.address, session.remoteAddress)).then(
          (refusal) => callback(refusal ? this.refuse('rcpt', refusal) : null),
          (err: unknown) => {
            log.error({ err }, 'smtp recipient check failed')
            callback(
              this.refuse('rcpt', { code: 451, message: '4.3.0 Temporary failure; try later' }),
            )
          },
        )
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => {
          if (!stream.sizeExceeded) chunks.push(chunk)
        })
        stream.on('end', () => {
          // The library answers 552 to an oversized mail whatever this says.
          if (stream.sizeExceeded) {
            this.metrics.replies.inc({ stage: 'data', code: '552' })
            return callback(null)
          }
          const mail = {
            raw: Buffer.concat(chunks),
            from: envelopeSender(session),
            to: session.envelope.rcptTo.map((r) => r.address),
            ip: session.remoteAddress,
          }
          this.track(handler.message(mail)).then(
            (answer) => {
              this.handled++
              this.metrics.replies.inc({ stage: 'data', code: String(answer.code) })
              callback(answer.code < 400 ? null : reply(answer), answer.message)
            },
            (err: unknown) => {
              log.error({ err }, 'smtp message failed')
              callback(
                this.refuse('data', { code: 451, message: '4.3.0 Temporary failure; try later' }),
              )
            },
          )
        })
      },
    })
    this.server.on('error', (err) => log.warn({ err }, 'smtp server error'))
  }

  /** Listens; resolves with the port (the given one, or the one chosen for port 0). */
  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => reject(err)
      this.server.server.once('error', fail)
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.server.off('error', fail)
        resolve()
      })
    })
    this.listening = true
    return this.port
  }

  get port(): number {
    const a = this.server.server.address()
    return typeof a === 'object' && a !== null ? a.port : this.opts.port
  }

  /** Stops listening, finishes the mails being handled, then closes the sessions. */
  async stop(): Promise<Drained> {
    if (!this.listening) return {}
    this.listening = false
    const before = this.handled
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()))
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight])
    await closed
    return { mails: this.handled - before }
  }

  private refuse(stage: SmtpStage, r: SmtpReply): Error & { responseCode: number } {
    this.metrics.replies.inc({ stage, code: String(r.code) })
    return reply(r)
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p)
    const done = () => this.inFlight.delete(p)
    p.then(done, done)
    return p
  }
}

function reply(r: SmtpReply): Error & { responseCode: number } {
  return Object.assign(new Error(r.message), { responseCode: r.code })
}

/** The MAIL FROM address; null for the null sender `<>` (bounces: never answered). */
function envelopeSender(session: SMTPServerSession): string | null {
  const from = session.envelope.mailFrom
  return from && from.address !== '' ? from.address : null
}
