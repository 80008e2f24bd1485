// The SMPP 3.4 server for customers' ESMEs: plain TCP and TLS listeners, one CustomerSession
// per connection, the account's throughput budget, and the binds for receipts and MO.
import net from 'node:net'
import tls from 'node:tls'
import type { Logger } from 'pino'
import type { ServiceDeps } from '../services/deps.js'
import type { KeyCache } from '../services/keys/authenticate.js'
import { acceptSmpp } from '../smpp/session.js'
import { TokenBucket } from '../smpp/token-bucket.js'
import { requestReceipt } from '../services/smpp/smpp-receipts.js'
import { BindRegistry } from './binds.js'
import { ConcatParts } from './concat-parts.js'
import { INBOUND, OwedSender, RECEIPTS } from './owed-sender.js'
import { CustomerSession, type SessionOptions } from './customer-session.js'
import { createSmppServerMetrics, type SmppServerMetrics } from './metrics.js'

export type SmppServerOptions = SessionOptions & {
  host: string
  /** null: no plain listener. */
  port: number | null
  tls: { port: number; cert: string | Buffer; key: string | Buffer } | null
  /** submit_sm per second per account. */
  throughputPerS: number
  /** How often due receipts are looked for while receivers are bound (default 250 ms). */
  receiptPollMs?: number
}

export type SmppServerDeps = {
  services: ServiceDeps
  keyCache: KeyCache
  log: Logger
}

export class SmppServer {
  readonly binds = new BindRegistry()
  readonly metrics: SmppServerMetrics = createSmppServerMetrics()
  readonly #sessions = new Set<CustomerSession>()
  readonly #buckets = new Map<number, TokenBucket>()
  readonly #concat = new ConcatParts()
  readonly #servers: net.Server[] = []
  #ports: { plain: number | null; tls: number | null } = { plain: null, tls: null }
  readonly #owed: { start(): void; stop(): void }[]

  constructor(
    private readonly deps: SmppServerDeps,
    private readonly opts: SmppServerOptions,
  ) {
    const senderDeps = { services: deps.services, log: deps.log, binds: this.binds }
    const pollMs = opts.receiptPollMs ?? 250
    this.#owed = [
      new OwedSender(RECEIPTS, senderDeps, pollMs),
      new OwedSender(INBOUND, senderDeps, pollMs),
    ]
  }

  /** The ports listened on (a port of 0 becomes the one the system chose). */
  get ports(): { plain: number | null; tls: number | null } {
    return this.#ports
  }

  sessions(): readonly CustomerSession[] {
    return [...this.#sessions]
  }

  async start(): Promise<void> {
    if (this.opts.port !== null) {
      const server = net.createServer((socket) => this.#accept(socket))
      this.#ports.plain = await this.#listen(server, this.opts.port)
    }
    if (this.opts.tls) {
      const server = tls.createServer({ cert: this.opts.tls.cert, key: this.opts.tls.key }, (s) =>
        this.#accept(s),
      )
      // A failed handshake is the client's problem, not the server's.
      server.on('tlsClientError', (err) =>
        this.deps.log.debug({ err }, 'smpp tls handshake failed'),
      )
      this.#ports.tls = await this.#listen(server, this.opts.tls.port)
    }
    for (const o of this.#owed) o.start()
  }

  /** Stops listening, unbinds every session and waits for them to close. */
  async stop(): Promise<void> {
    for (const o of this.#owed) o.stop()
    const closing = this.#servers.map(
      (s) => new Promise<void>((resolve) => s.close(() => resolve())),
    )
    await Promise.all([...this.#sessions].map((s) => s.close()))
    await Promise.all(closing)
  }

  #listen(server: net.Server, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen({ host: this.opts.host, port }, () => {
        server.off('error', reject)
        server.on('error', (err) => this.deps.log.error({ err }, 'smpp listener error'))
        this.#servers.push(server)
        const address = server.address()
        resolve(typeof address === 'object' && address !== null ? address.port : port)
      })
    })
  }

  #accept(socket: net.Socket): void {
    socket.on('error', () => undefined) // reported through the session; never crashes the server
    const session = new CustomerSession(
      acceptSmpp(socket),
      {
        services: this.deps.services,
        keyCache: this.deps.keyCache,
        log: this.deps.log,
        binds: this.binds,
        metrics: this.metrics,
        concat: this.#concat,
        bucketOf: (accountId, nowMs) => this.#bucketOf(accountId, nowMs),
        onAccepted: (accountId, smsId, mode) =>
          requestReceipt(this.deps.services, accountId, smsId, mode),
      },
      this.opts,
    )
    this.#sessions.add(session)
    session.session.on('close', () => this.#sessions.delete(session))
  }

  #bucketOf(accountId: number, nowMs: number): TokenBucket {
    let bucket = this.#buckets.get(accountId)
    if (!bucket) {
      // A second's worth may come at once: ESMEs send their window full, then pace.
      bucket = new TokenBucket(this.opts.throughputPerS, this.opts.throughputPerS, nowMs)
      this.#buckets.set(accountId, bucket)
    }
    return bucket
  }
}
