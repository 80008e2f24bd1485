import type { Kysely } from 'kysely'
import type { Outbox } from '../../events/outbox.js'
import type { LinkClickedData } from '../../events/event-types.js'
import type { Database } from '../../store/database.js'
import { insertClicks } from '../../store/repositories/link-click.repository.js'
import type { NewLinkClick } from '../../store/tables/short-link.table.js'
import type { RawClick } from './click-recorder.js'
import { IpCountry } from './ip-country.js'
import { parseUserAgent, type ParsedAgent } from './user-agent.js'

/** Parsed user agents kept; clicks of one campaign come from a few hundred distinct agents. */
const AGENT_CACHE = 2000

/**
 * Turns raw clicks into rows (user agent parsed, country looked up) and writes a batch in one
 * multi-row insert, with one `link.clicked` event per account in the same transaction. It runs
 * where the recorder's sink puts it: in the serving thread, or in a thread of its own
 * (app/click-thread.ts), since a batch of 250 holds a thread for about 4 ms on SQLite.
 */
export class ClickWriter {
  private readonly agents = new Map<string, ParsedAgent>()
  private readonly countries = new IpCountry()

  constructor(private readonly deps: { db: Kysely<Database>; outbox: Outbox }) {}

  /** Writes one batch in one transaction; says how many event deliveries it recorded. */
  async write(batch: readonly RawClick[]): Promise<{ deliveries: number }> {
    const rows = batch.map((c) => this.row(c))
    const byAccount = new Map<number, LinkClickedData['clicks']>()
    for (const r of rows) {
      let list = byAccount.get(r.account_id)
      if (!list) byAccount.set(r.account_id, (list = []))
      list.push({
        link_code: r.link_code,
        campaign_code: r.campaign_code ?? null,
        sms_uuid: r.sms_uuid ?? null,
        bulk_uuid: r.bulk_uuid ?? null,
        phone: r.phone ?? null,
        date: r.date,
        ip: r.ip,
        url: r.url,
        country: r.country ?? null,
        browser: r.browser || null,
        os: r.os || null,
        hardware_type: r.hardware_type || null,
        bot: r.bot === 1,
      })
    }
    const createdAt = Math.floor(batch[batch.length - 1]!.atMs / 1000)
    let deliveries = 0
    await this.deps.db.transaction().execute(async (trx) => {
      await insertClicks(trx, rows)
      for (const [accountId, clicks] of byAccount) {
        deliveries += await this.deps.outbox.record(trx, {
          accountId,
          name: 'link.clicked',
          data: { clicks },
          subject: null,
          createdAt,
        })
      }
    })
    return { deliveries }
  }

  private row(c: RawClick): NewLinkClick {
    const agent = this.agent(c.userAgent)
    return {
      account_id: c.link.accountId,
      link_code: c.link.code,
      campaign_code: c.link.campaignCode,
      sms_uuid: c.link.smsUuid,
      bulk_uuid: c.link.bulkUuid,
      phone: c.link.phone,
      date: Math.floor(c.atMs / 1000),
      ip: c.ip,
      url: c.url,
      user_agent: c.userAgent,
      referer: c.referer,
      country: this.countries.lookup(c.ip),
      type: c.link.type,
      browser: agent.browser,
      os: agent.os,
      os_version: agent.os_version,
      software_type: agent.software_type,
      hardware_type: agent.hardware_type,
      bot: agent.bot ? 1 : 0,
    }
  }

  private agent(ua: string): ParsedAgent {
    let parsed = this.agents.get(ua)
    if (parsed === undefined) {
      parsed = parseUserAgent(ua)
      if (this.agents.size >= AGENT_CACHE) this.agents.delete(this.agents.keys().next().value!)
      this.agents.set(ua, parsed)
    }
    return parsed
  }
}
