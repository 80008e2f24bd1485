import type { Kysely } from 'kysely'
import { autoIdKey, autoIdType } from './dialect.js'

// Frozen: never edit a migration that has shipped; add a new one.
// Short links (spec §12). A campaign (`/short_link_campaigns`) is named by a short random code;
// every short link the gateway hands out (the campaign's own, and one per message or recipient
// where tracking asks for it) is a row of `short_links` under a code of its own, in one code
// space, so that `GET /l/{code}` is a single lookup. Each click is a row of `link_clicks`,
// written in batches behind the redirect, with what its request told about the clicker.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('short_link_campaigns')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    // 1 simple tracking, 2 extended (per recipient), 3 subscribe form, 4 unsubscribe form
    .addColumn('type', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text') // null for the form campaigns: their link leads to the hosted form
    .addColumn('group_id', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull()) // unix s
    .addColumn('updated_at', 'bigint', (c) => c.notNull()) // unix s
    .addColumn('deleted_at', 'bigint') // unix s; its links answer "gone" from then on
    .execute()
  await db.schema
    .createIndex('short_link_campaigns_account')
    .on('short_link_campaigns')
    .columns(['account_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('short_links')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('campaign_code', 'text') // null: a link of its own (performance tracking)
    // As the campaign's type; a link without campaign: 1, or 2 when issued for one recipient.
    .addColumn('type', 'integer', (c) => c.notNull())
    .addColumn('url', 'text') // target; null for a form campaign's link
    .addColumn('sms_uuid', 'text')
    .addColumn('bulk_uuid', 'text')
    .addColumn('phone', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull()) // unix s
    .execute()
  await db.schema
    .createIndex('short_links_sms')
    .on('short_links')
    .columns(['account_id', 'sms_uuid'])
    .execute()
  await db.schema
    .createIndex('short_links_campaign')
    .on('short_links')
    .column('campaign_code')
    .execute()

  await db.schema
    .createTable('link_clicks')
    .addColumn('id', autoIdType(db), autoIdKey(db))
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('link_code', 'text', (c) => c.notNull())
    .addColumn('campaign_code', 'text')
    .addColumn('sms_uuid', 'text')
    .addColumn('bulk_uuid', 'text')
    .addColumn('phone', 'text')
    .addColumn('date', 'bigint', (c) => c.notNull()) // unix s of the click
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull()) // where the click was sent
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('referer', 'text', (c) => c.notNull())
    .addColumn('country', 'text') // ISO 3166-1 alpha-2; null: unknown, private or loopback
    .addColumn('type', 'integer', (c) => c.notNull()) // the link's type
    .addColumn('browser', 'text', (c) => c.notNull())
    .addColumn('os', 'text', (c) => c.notNull())
    .addColumn('os_version', 'text', (c) => c.notNull())
    .addColumn('software_type', 'text', (c) => c.notNull())
    .addColumn('hardware_type', 'text', (c) => c.notNull())
    .addColumn('bot', 'integer', (c) => c.notNull()) // 1: a bot or link-preview fetcher
    .execute()
  // Click logs per SMS, per bulk and per campaign, each in click order.
  await db.schema
    .createIndex('link_clicks_sms')
    .on('link_clicks')
    .columns(['account_id', 'sms_uuid', 'id'])
    .execute()
  await db.schema
    .createIndex('link_clicks_bulk')
    .on('link_clicks')
    .columns(['account_id', 'bulk_uuid', 'id'])
    .execute()
  await db.schema
    .createIndex('link_clicks_campaign')
    .on('link_clicks')
    .columns(['account_id', 'campaign_code', 'id'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('link_clicks').execute()
  await db.schema.dropTable('short_links').execute()
  await db.schema.dropTable('short_link_campaigns').execute()
}
