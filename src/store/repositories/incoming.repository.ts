import type { IncomingFilterProperty } from '../../domain/incoming/incoming-filters.js'
import { GATEWAY_ACCOUNT_ID } from '../../domain/message/gateway-account.js'
import type { ParsedQuery } from '../../domain/query/filter-spec.js'
import type { Db, Dialect } from '../database.js'
import { pageOf } from '../query/page.js'
import { orderTerms, whereConditions, type ColumnMap } from '../query/where.js'
import type { IncomingRow } from '../tables/incoming.table.js'

const COLUMNS: ColumnMap<IncomingFilterProperty> = {
  text: 'text',
  from: 'from_addr',
  to: 'to_addr',
  msg_uuid: 'msg_uuid',
  received_at: 'received_at',
}

export async function insertIncoming(db: Db, row: Omit<IncomingRow, 'id'>): Promise<IncomingRow> {
  return db.insertInto('incomings').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findIncoming(
  db: Db,
  accountId: number,
  uuid: string,
): Promise<IncomingRow | undefined> {
  return db
    .selectFrom('incomings')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('uuid', '=', uuid)
    .executeTakeFirst()
}

/** For the operator: any account's, or none. */
export async function findIncomingByUuid(db: Db, uuid: string): Promise<IncomingRow | undefined> {
  return db.selectFrom('incomings').selectAll().where('uuid', '=', uuid).executeTakeFirst()
}

export async function listIncomings(
  db: Db,
  dialect: Dialect,
  accountId: number | null,
  query: ParsedQuery<IncomingFilterProperty>,
): Promise<{ rows: IncomingRow[]; total: number }> {
  const where = whereConditions(query.conditions, COLUMNS, dialect)
  let base = db
    .selectFrom('incomings')
    .where('account_id', accountId === null ? 'is' : '=', accountId)
  if (where) base = base.where(where)
  return pageOf(base, orderTerms(query.order, COLUMNS, 'id'), query.page)
}

export async function deleteIncoming(db: Db, accountId: number, uuid: string): Promise<boolean> {
  const r = await db
    .deleteFrom('incomings')
    .where('account_id', '=', accountId)
    .where('uuid', '=', uuid)
    .executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

export type SentTo = { uuid: string; account_id: number; sender_id: string }

/**
 * Messages sent to a number since a time, newest first: the candidates an inbound message from
 * that number may answer. Bounded, since only the newest few can win. The gateway's own messages
 * (verification codes) belong to no account and are never answered.
 */
export async function recentlySentTo(
  db: Db,
  o: { phone: string; sinceS: number; accountId: number | null },
): Promise<SentTo[]> {
  let q = db
    .selectFrom('sms')
    .select(['uuid', 'account_id', 'sender_id'])
    .where('phone', '=', o.phone)
    .where('created_at', '>=', o.sinceS)
    .where('is_sent', '=', 1)
  q =
    o.accountId !== null
      ? q.where('account_id', '=', o.accountId)
      : q.where('account_id', '<>', GATEWAY_ACCOUNT_ID)
  const rows = await q.orderBy('created_at', 'desc').orderBy('uuid', 'desc').limit(50).execute()
  return rows.map((r) => ({ ...r, account_id: Number(r.account_id) }))
}

/** Marks a number unsubscribed in every group of the account where it is still subscribed. */
export async function unsubscribePhone(
  db: Db,
  o: { accountId: number; phone: string; atS: number; reason: number },
): Promise<number> {
  const r = await db
    .updateTable('phones')
    .set({ unsubscribed_at: o.atS, unsubscribe_reason: o.reason })
    .where('account_id', '=', o.accountId)
    .where('phone', '=', o.phone)
    .where('unsubscribed_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}
