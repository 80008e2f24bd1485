import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Clock } from '../shared/clock.js'
import type { Ids } from '../shared/ids.js'
import type { Database, Dialect } from '../store/database.js'
import type { GroupCommit } from '../store/group-commit.js'
import type { WorkSignal } from '../store/queue/work-signal.js'
import type { Outbox } from '../events/outbox.js'
import type { PriceCache } from './pricing/price-lists.js'
import type { SmsHandOff } from './sms/hand-off.js'
import type { WorkerLocks } from '../store/queue/worker-lock.js'

/** What every use case may touch. Built once per process by the composition root. */
export type ServiceDeps = {
  db: Kysely<Database>
  dialect: Dialect
  /** Shared transactions for hot, small writes (accepting messages). */
  groupCommit: GroupCommit
  prices: PriceCache
  /** Wakes the dispatcher when messages were queued. */
  queued: WorkSignal
  /**
   * The dispatcher of this process, where one runs: accepted messages go to it directly. Given
   * by the delivery port the HTTP surfaces are built with (api/server.ts).
   */
  handOff?: SmsHandOff | null
  /** Wakes the bulk expander when a bulk was accepted. */
  bulks: WorkSignal
  /** Wakes the fraud-check worker when a check was accepted. */
  fraudChecks: WorkSignal
  /** Records events (webhooks, email, legacy push) in the caller's transaction. */
  outbox: Outbox
  clock: Clock
  ids: Ids
  log: Logger
  settings: ServiceSettings
  /** PostgreSQL: the advisory locks that show other processes which workers are alive. */
  workerLocks?: WorkerLocks | undefined
}

/** Operator settings that use cases read. */
export type ServiceSettings = {
  /** How long a message may wait in the queue (from its due time) before it expires unsent. */
  messageValidityS: number
  /** Webhook targets may be private, loopback or link-local addresses (TAUBE_WEBHOOK_ALLOW_PRIVATE). */
  webhookAllowPrivate: boolean
  /** An inbound SMS is linked to a message sent to its number at most this long ago. */
  replyWindowS: number
  /** Inbound texts that unsubscribe their sender (TAUBE_STOP_KEYWORDS). */
  stopKeywords: readonly string[]
  /** Sender id of the SMS carrying a sender number verification code (TAUBE_VERIFY_SENDER_ID). */
  verifySenderId: string
  /** Where customers reach the gateway, without a trailing slash (TAUBE_PUBLIC_URL). */
  publicUrl: string
  /**
   * What short links start with, ending in `/` (TAUBE_SHORT_BASE_URL); unset: the gateway's own
   * `${publicUrl}/l/`.
   */
  shortBaseUrl?: string
}
