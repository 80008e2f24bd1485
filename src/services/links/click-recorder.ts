import type { Logger } from 'pino'
import type { ClickedLink } from './resolve-link.js'

/** A click as the redirect saw it: nothing parsed, nothing looked up yet. */
export type RawClick = {
  link: ClickedLink
  url: string
  atMs: number
  ip: string
  userAgent: string
  referer: string
}

/** Where batches go: a ClickWriter in this thread, or the click thread (app/click-thread.ts). */
export type ClickSink = {
  /** Resolves once the batch is written, with the number of event deliveries it recorded. */
  write(batch: RawClick[]): Promise<{ deliveries: number }>
  /**
   * The sink keeps a batch it took until it is written, retrying on its side: the recorder hands
   * batches over as they gather instead of waiting for each, and keeps none of them.
   */
  keepsBatches?: boolean
}

export type ClickRecorderOptions = {
  /** Clicks held are handed to the sink this often. */
  flushMs: number
  /** At most this many clicks a batch; more held are handed over in several, in turn. */
  batchRows: number
  /** Clicks held at most; beyond it (the store down or far behind) new clicks are dropped. */
  maxBuffered: number
}

// Written in this thread, a batch is parsed and (on SQLite, through better-sqlite3) written
// synchronously: on the 2-core development machine 250 clicks held the event loop for about
// 4 ms, so batches are kept small and the recorder yields to waiting requests between them.
export const CLICK_RECORDER_DEFAULTS: ClickRecorderOptions = {
  flushMs: 200,
  batchRows: 250,
  maxBuffered: 100_000,
}

// Handed to the click thread, a batch costs this thread only its copy across, so clicks leave
// this thread's memory soon. Held until written (200 ms and more), clicks outlived the young
// generation and were copied into the old one: the heap grew by about 3 KB a redirect up to
// 280 MB between full collections, and young collections took 15 to 70 ms instead of under 1.
export const CLICK_THREAD_RECORDER: ClickRecorderOptions = {
  flushMs: 10,
  batchRows: 250,
  maxBuffered: 100_000,
}

/** Wait before a failed write is tried again. */
const RETRY_MS = 1000

/**
 * Records clicks behind the redirect: the redirect only appends to memory; a timer hands what
 * gathered to the sink in batches (ClickWriter: parsed, looked up and written with their
 * `link.clicked` events). `stop` writes everything still held (the HTTP server's close hook
 * calls it, after the last request was answered), so a clean stop loses no click.
 */
export class ClickRecorder {
  private buffer: RawClick[] = []
  private readonly ticker: NodeJS.Timeout
  private flushing: Promise<void> | null = null
  /** After a failed write, the next tick that writes comes no earlier than this (epoch ms). */
  private retryAt = 0
  /** Clicks handed to a sink that keeps batches, not yet written. */
  private handedOver = 0
  private readonly handOvers = new Set<Promise<void>>()
  /** Clicks dropped because the buffer was full. */
  dropped = 0
  /** Clicks written. */
  written = 0

  constructor(
    private readonly deps: { sink: ClickSink; log: Logger; deliveriesRecorded?: () => void },
    private readonly opts: ClickRecorderOptions = CLICK_RECORDER_DEFAULTS,
  ) {
    // One timer for the recorder's life: the request path only appends.
    this.ticker = setInterval(() => {
      if (this.buffer.length === 0) return
      if (this.deps.sink.keepsBatches) this.handOver()
      else if (!this.flushing && Date.now() >= this.retryAt) this.flush().catch(() => {})
    }, opts.flushMs)
    this.ticker.unref()
  }

  /** Called on the request path: O(1), no I/O. */
  record(click: RawClick): void {
    if (this.buffer.length + this.handedOver >= this.opts.maxBuffered) {
      if (this.dropped++ % 10_000 === 0) {
        this.deps.log.warn({ dropped: this.dropped }, 'click buffer full: clicks dropped')
      }
      return
    }
    this.buffer.push(click)
  }

  /** Clicks held or handed over, and not yet written. */
  get pending(): number {
    return this.buffer.length + this.handedOver
  }

  /** Writes everything held now; resolves once it is written (or failed). */
  async flush(): Promise<void> {
    if (this.deps.sink.keepsBatches) {
      this.handOver()
      await Promise.all(this.handOvers)
      return
    }
    while (this.flushing) await this.flushing
    if (this.buffer.length === 0) return
    this.flushing = this.writeAll().finally(() => {
      this.flushing = null
    })
    await this.flushing
  }

  /** No more timers; writes what is held. */
  async stop(): Promise<void> {
    clearInterval(this.ticker)
    await this.flush()
  }

  /** Hands every click held to a sink that keeps batches; what settles them keeps no batch. */
  private handOver(): void {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.opts.batchRows)
      const n = batch.length
      this.handedOver += n
      const settled: Promise<void> = this.deps.sink
        .write(batch)
        .then(
          ({ deliveries }) => {
            this.written += n
            if (deliveries > 0) this.deps.deliveriesRecorded?.()
          },
          (err: unknown) => {
            this.dropped += n
            this.deps.log.error({ err, clicks: n }, 'clicks were not written')
          },
        )
        .finally(() => {
          this.handedOver -= n
          this.handOvers.delete(settled)
        })
      this.handOvers.add(settled)
    }
  }

  private async writeAll(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.opts.batchRows)
      try {
        const { deliveries } = await this.deps.sink.write(batch)
        this.written += batch.length
        if (deliveries > 0) this.deps.deliveriesRecorded?.()
        // Requests that arrived meanwhile are answered before the next batch.
        if (this.buffer.length > 0) await new Promise((r) => setImmediate(r))
      } catch (err) {
        // Kept for the next try, ahead of later clicks, as far as the bound allows.
        const room = Math.max(0, this.opts.maxBuffered - this.buffer.length)
        this.dropped += batch.length - Math.min(room, batch.length)
        this.buffer.unshift(...batch.slice(0, room))
        this.deps.log.error({ err, clicks: batch.length }, 'writing clicks failed')
        this.retryAt = Date.now() + RETRY_MS
        return
      }
    }
  }
}
