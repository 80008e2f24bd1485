import { sql, type Insertable } from 'kysely'
import type { Db } from '../database.js'
import type {
  MessaggiMessageRow,
  MessaggiMessageTable,
  NewMessaggiRecipient,
} from '../tables/messaggi.table.js'
import type { MessageState } from '../../domain/message/status.js'
import { UNSENT_STATES } from '../../domain/message/status.js'

export async function insertMessaggiMessage(
  db: Db,
  row: Insertable<MessaggiMessageTable>,
): Promise<void> {
  await db.insertInto('messaggi_messages').values(row).execute()
}

export async function findMessaggiMessage(
  db: Db,
  accountId: number,
  id: string,
): Promise<MessaggiMessageRow | undefined> {
  return db
    .selectFrom('messaggi_messages')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** The account's messages, newest first. */
export async function listMessaggiMessages(
  db: Db,
  accountId: number,
  page: { limit: number; offset: number },
): Promise<MessaggiMessageRow[]> {
  return db
    .selectFrom('messaggi_messages')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
}

/** Changes what the message says of itself; only the account's own. */
export async function updateMessaggiMessage(
  db: Db,
  accountId: number,
  id: string,
  change: Partial<Pick<MessaggiMessageRow, 'transaction_open' | 'timestamp_send' | 'cancelled_at'>>,
): Promise<void> {
  await db
    .updateTable('messaggi_messages')
    .set(change)
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .execute()
}

/**
 * Closes an open transaction; false when it was not open (closed by a request that came first:
 * one close queues the message once).
 */
export async function closeMessaggiTransaction(
  db: Db,
  accountId: number,
  id: string,
): Promise<boolean> {
  const r = await db
    .updateTable('messaggi_messages')
    .set({ transaction_open: 0 })
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .where('transaction_open', '=', 1)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

export async function insertMessaggiRecipients(
  db: Db,
  rows: readonly NewMessaggiRecipient[],
): Promise<void> {
  if (rows.length === 0) return
  await db
    .insertInto('messaggi_recipients')
    .values([...rows])
    .execute()
}

/** The position the next recipient of the message takes. */
export async function nextRecipientPosition(db: Db, messageId: string): Promise<number> {
  const r = await db
    .selectFrom('messaggi_recipients')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('message_id', '=', messageId)
    .executeTakeFirst()
  return r?.last === null || r?.last === undefined ? 0 : Number(r.last) + 1
}

/** Why a recipient was not sent (or, for a test message, its price). */
export async function settleMessaggiRecipient(
  db: Db,
  key: { messageId: string; position: number },
  outcome: { priceMicro: number; problem: string | null },
): Promise<void> {
  await db
    .updateTable('messaggi_recipients')
    .set({ price_micro: outcome.priceMicro, problem: outcome.problem })
    .where('message_id', '=', key.messageId)
    .where('position', '=', key.position)
    .execute()
}

/** A recipient with the gateway message that carries it, if one does. */
export type MessaggiRecipientView = {
  message_id: string
  position: number
  number: string
  phone: string | null
  fields: string | null
  problem: string | null
  price_micro: number
  sms_uuid: string | null
  state: MessageState | null
  status_code: number | null
  dlr_code: number | null
  gateway_sent_at: number | null
  updated_at: number | null
  sms_price_micro: number | null
}

/** The recipients of the account's messages, in order, each with its gateway message. */
export async function messaggiRecipientsOf(
  db: Db,
  accountId: number,
  messageIds: readonly string[],
  phone?: string,
): Promise<MessaggiRecipientView[]> {
  if (messageIds.length === 0) return []
  let q = db
    .selectFrom('messaggi_recipients as r')
    .leftJoin('sms as s', (j) =>
      j
        .onRef('s.account_id', '=', 'r.account_id')
        .onRef('s.facade_id', '=', 'r.message_id')
        .onRef('s.phone', '=', 'r.phone'),
    )
    .select([
      'r.message_id',
      'r.position',
      'r.number',
      'r.phone',
      'r.fields',
      'r.problem',
      'r.price_micro',
      's.uuid as sms_uuid',
      's.state',
      's.status_code',
      's.dlr_code',
      's.gateway_sent_at',
      's.updated_at',
      's.price_micro as sms_price_micro',
    ])
    .where('r.account_id', '=', accountId)
    .where('r.message_id', 'in', [...messageIds])
  if (phone !== undefined) q = q.where('r.phone', '=', phone)
  const rows = await q.orderBy('r.message_id').orderBy('r.position').execute()
  return rows.map((r) => ({
    ...r,
    position: Number(r.position),
    price_micro: Number(r.price_micro),
    status_code: r.status_code === null ? null : Number(r.status_code),
    dlr_code: r.dlr_code === null ? null : Number(r.dlr_code),
    gateway_sent_at: r.gateway_sent_at === null ? null : Number(r.gateway_sent_at),
    updated_at: r.updated_at === null ? null : Number(r.updated_at),
    sms_price_micro: r.sms_price_micro === null ? null : Number(r.sms_price_micro),
  }))
}

/** The gateway messages of a message, with their states. */
export async function smsOfMessaggiMessage(
  db: Db,
  accountId: number,
  messageId: string,
): Promise<{ uuid: string; state: MessageState }[]> {
  return db
    .selectFrom('sms')
    .select(['uuid', 'state'])
    .where('account_id', '=', accountId)
    .where('facade_id', '=', messageId)
    .execute()
}

/**
 * Moves the account's unsent messages with these uuids to `dueAtMs` (delivery_at `deliveryAtS`,
 * 0: at once), keeping each one's validity span; the uuids moved. A message a dispatcher has
 * taken meanwhile is not moved.
 */
export async function rescheduleUnsentSms(
  db: Db,
  accountId: number,
  uuids: readonly string[],
  at: { dueAtMs: number; deliveryAtS: number; nowS: number },
): Promise<string[]> {
  if (uuids.length === 0) return []
  const rows = await db
    .updateTable('sms')
    .set({
      valid_until: sql<number>`"valid_until" + (${at.dueAtMs} - "due_at")`,
      due_at: at.dueAtMs,
      delivery_at: at.deliveryAtS,
      state: at.deliveryAtS > 0 ? 'scheduled' : 'queued',
      updated_at: at.nowS,
    })
    .where('account_id', '=', accountId)
    .where('uuid', 'in', [...uuids])
    .where('state', 'in', UNSENT_STATES)
    .returning('uuid')
    .execute()
  return rows.map((r) => r.uuid)
}
