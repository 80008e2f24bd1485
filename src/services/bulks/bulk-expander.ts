import { randomUUID } from 'node:crypto'
import { PRIORITY } from '../../domain/message/priority.js'
import { BULK_STATUS } from '../../domain/message/status.js'
import { normalizeNumberForm } from '../../domain/phone/e164.js'
import * as accounts from '../../store/repositories/account.repository.js'
import { detectVoiceLang, isVoiceLang } from '../../domain/voice/voice-lang.js'
import {
  advanceBulk,
  claimBulk,
  closeBulk,
  insertBulkSms,
  releaseBulkLeases,
} from '../../store/repositories/bulk.repository.js'
import { findGroupsOfAccount } from '../../store/repositories/group.repository.js'
import type { BulkRow } from '../../store/tables/bulk.table.js'
import type { SmsRow } from '../../store/tables/sms.table.js'
import type { ServiceDeps } from '../deps.js'
import { queuedFields } from '../sms/delivery-fields.js'
import { RECIPIENT_CHUNK } from './create-bulk.js'
import {
  nextRecipients,
  recipientMessage,
  Templates,
  type Cursor,
  type Recipient,
  type RecipientShape,
} from './recipients.js'
import type { Db } from '../../store/database.js'
import {
  campaignsOf,
  issueMessageLinks,
  type MessageLinks,
} from '../message-links/message-links.js'

export type BulkExpanderOptions = {
  leaseMs: number
  idleMs: number
  releaseAllLeasesAtStart: boolean
}

/** A chunk could not be paid for: recipients were added to a group after the bulk was priced. */
class OutOfFunds extends Error {}
/** The bulk was cancelled or deleted while a chunk was being written. */
class BulkClosed extends Error {}

/**
 * Turns accepted bulks into one SMS row per recipient, a chunk per transaction, so memory stays
 * flat and a crash resumes at the last chunk (the cursor is saved with it). A number the bulk
 * already has is skipped by the store; unsubscribed phones are skipped here. When every source
 * is read, what was reserved and not used is given back.
 */
export class BulkExpander {
  readonly workerId = `bulks-${randomUUID().slice(0, 8)}`
  private running = false
  private loop: Promise<void> | null = null
  private readonly opts: BulkExpanderOptions

  constructor(
    private readonly deps: ServiceDeps,
    opts: Partial<BulkExpanderOptions> = {},
  ) {
    this.opts = { leaseMs: 300_000, idleMs: 500, releaseAllLeasesAtStart: true, ...opts }
  }

  async start(): Promise<void> {
    if (this.opts.releaseAllLeasesAtStart) await releaseBulkLeases(this.deps.db)
    this.running = true
    this.loop = this.run()
  }

  async stop(): Promise<void> {
    this.running = false
    this.deps.bulks.notify()
    await this.loop
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const bulk = await claimBulk(this.deps.db, {
          workerId: this.workerId,
          leaseMs: this.opts.leaseMs,
          nowMs: this.deps.clock.nowMs(),
        })
        if (!bulk) await this.deps.bulks.wait(this.opts.idleMs)
        else await this.expand(bulk)
      } catch (err) {
        this.deps.log.error({ err }, 'bulk expansion failed; retrying')
        await this.deps.bulks.wait(this.opts.idleMs)
      }
    }
  }

  private async expand(bulk: BulkRow): Promise<void> {
    const accountId = Number(bulk.account_id)
    const groupIds = JSON.parse(bulk.msg_groups) as number[]
    const startedS = Math.floor(this.deps.clock.nowMs() / 1000)
    const found = await findGroupsOfAccount(this.deps.db, accountId, groupIds, startedS)
    // A group deleted (or expired) since the bulk was accepted has no recipients left.
    const groups = groupIds.flatMap((id) => found.filter((g) => Number(g.id) === id))
    // The bulk's own numbers were normalised when it was accepted; only their country is read again.
    const phones: Recipient[] = (JSON.parse(bulk.phones) as string[]).map((phone) => {
      const n = normalizeNumberForm(phone, null)
      return { phone, iso2: n.ok ? n.iso2 : null, callbackData: null, values: {} }
    })
    const sources = { phones, groups }
    const templates = new Templates(bulk.text, groups)
    // Links left to make per recipient: a type-2 campaign's, and with extended tracking one
    // per address (the links all recipients share were made with the bulk).
    const tracking =
      bulk.link_tracking !== null && Number(bulk.link_tracking) === 2 ? 'extended' : null
    const campaigns = await campaignsOf(this.deps.db, accountId, bulk.text, false)
    const shape: RecipientShape = {
      accountId,
      serviceCode: bulk.service_code,
      isUnicode: bulk.is_unicode === null ? null : bulk.is_unicode === 1,
      links: tracking !== null || campaigns.size > 0 ? { campaigns, tracking } : null,
    }
    // A call's language: the bulk's, else the account's default, else by its number (§14.1).
    const accountLang =
      bulk.service_code === 'text2speech' && bulk.voice_lang === null
        ? ((await accounts.findAccount(this.deps.db, accountId))?.voice_lang ?? null)
        : null
    const fixedLang =
      bulk.voice_lang ?? (accountLang !== null && isVoiceLang(accountLang) ? accountLang : null)
    const voiceLang = (phone: string) =>
      bulk.service_code === 'text2speech' ? (fixedLang ?? detectVoiceLang(phone)) : bulk.voice_lang
    let cursor: Cursor = { source: Number(bulk.cursor_source), position: Number(bulk.cursor_id) }
    let reserved = Number(bulk.reserved_micro)

    while (this.running) {
      const chunk = await nextRecipients(this.deps, sources, cursor, RECIPIENT_CHUNK)
      if (!chunk) break
      const template = templates.of(chunk.group)
      const rows: SmsRow[] = []
      const linked: { row: SmsRow; ml: MessageLinks }[] = []
      for (const r of chunk.recipients) {
        const m = await recipientMessage(this.deps, shape, template, r)
        if (!m) continue
        const row = this.smsRow(bulk, r, m, voiceLang(r.phone))
        rows.push(row)
        if (m.links) linked.push({ row, ml: m.links })
      }
      const nowS = Math.floor(this.deps.clock.nowMs() / 1000)
      try {
        reserved = await this.deps.db.transaction().execute(async (trx) => {
          if (linked.length > 0) await this.issueLinks(trx, bulk, linked)
          const prices = await insertBulkSms(trx, rows)
          const added = prices.reduce((a, b) => a + b, 0)
          let left = reserved - added
          if (left < 0) {
            // More recipients than priced: take the rest from the balance, if it covers it.
            if ((await accounts.reserveFunds(trx, accountId, -left, nowS)) === null)
              throw new OutOfFunds()
            left = 0
          }
          const moved = await advanceBulk(trx, {
            uuid: bulk.uuid,
            workerId: this.workerId,
            cursorSource: chunk.next.source,
            cursorId: chunk.next.position,
            addedCount: prices.length,
            addedCostMicro: added,
            reservedMicro: left,
            leaseUntilMs: this.deps.clock.nowMs() + this.opts.leaseMs,
            at: nowS,
          })
          if (!moved) throw new BulkClosed()
          return left
        })
      } catch (err) {
        if (err instanceof BulkClosed) return
        if (err instanceof OutOfFunds) return this.close(bulk, BULK_STATUS.NO_FUNDS)
        throw err
      }
      cursor = chunk.next
      this.deps.queued.notify()
      // SQLite answers synchronously, so without this the whole bulk would run in microtasks
      // and hold up every request and timer of the process until it is done.
      await new Promise((resolve) => setImmediate(resolve))
    }
    if (this.running) await this.close(bulk, BULK_STATUS.DONE)
  }

  /**
   * Each recipient's own links, issued with its message in the chunk's transaction; its text
   * gets them in place of the stand-in codes it was priced with (the same length).
   */
  private async issueLinks(
    trx: Db,
    bulk: BulkRow,
    linked: readonly { row: SmsRow; ml: MessageLinks }[],
  ): Promise<void> {
    const deps = { db: trx, clock: this.deps.clock, settings: this.deps.settings }
    const texts = await issueMessageLinks(
      deps,
      Number(bulk.account_id),
      linked.map(({ row, ml }) => ({
        ml,
        at: { smsId: row.uuid, bulkId: bulk.uuid, phone: row.phone },
      })),
    )
    linked.forEach(({ row }, i) => (row.text = texts[i]!))
  }

  /** Ends the bulk and gives back what was reserved and not spent. */
  private async close(bulk: BulkRow, statusCode: number): Promise<void> {
    const at = Math.floor(this.deps.clock.nowMs() / 1000)
    await this.deps.db.transaction().execute(async (trx) => {
      const closed = await closeBulk(trx, {
        uuid: bulk.uuid,
        statusCode,
        at,
        workerId: this.workerId,
      })
      if (closed && closed.reservedMicro > 0) {
        await accounts.creditFunds(trx, closed.accountId, closed.reservedMicro, at)
      }
    })
    this.deps.log.info({ bulkId: bulk.uuid, statusCode }, 'bulk expanded')
  }

  private smsRow(
    bulk: BulkRow,
    r: Recipient,
    m: {
      text: string
      isUnicode: boolean
      charsCount: number
      partsCount: number
      priceMicro: number
    },
    voiceLang: string | null,
  ): SmsRow {
    const nowS = Math.floor(this.deps.clock.nowMs() / 1000)
    return {
      uuid: this.deps.ids.uuid(),
      account_id: Number(bulk.account_id),
      key_id: bulk.key_id === null ? null : Number(bulk.key_id),
      bulk_id: bulk.uuid,
      phone: r.phone,
      iso2: r.iso2,
      sender_id: bulk.sender_id,
      text: m.text,
      is_unicode: m.isUnicode ? 1 : 0,
      chars_count: m.charsCount,
      parts_count: m.partsCount,
      service_code: bulk.service_code,
      voice_lang: voiceLang,
      // The group phone's own value comes back in this recipient's delivery reports (spec §18).
      callback_data: r.callbackData,
      source: bulk.source === null ? null : Number(bulk.source),
      created_at: nowS,
      ip: bulk.ip,
      is_text_deleted: bulk.is_text_deleted,
      price_micro: m.priceMicro,
      updated_at: nowS,
      ...queuedFields(this.deps, {
        deliveryAtS: Number(bulk.delivery_at),
        priority: PRIORITY.bulk,
      }),
    }
  }
}
