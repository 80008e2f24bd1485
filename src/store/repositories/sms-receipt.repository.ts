import type { Db } from '../database.js'
import type { NewSmsReceipt, SmsReceiptRow } from '../tables/sms-receipt.table.js'

/** Rows per statement: 7 values each stay under SQLite's 32,766 bound parameters. */
const CHUNK = 1000

/** The changes receipts made to messages, recorded with them in the receipts' transaction. */
export async function recordSmsReceipts(db: Db, rows: readonly NewSmsReceipt[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('sms_receipts')
      .values(rows.slice(i, i + CHUNK))
      .execute()
  }
}

/** A message's delivery history, oldest first; at most `limit` entries. */
export async function listSmsReceipts(
  db: Db,
  accountId: number,
  uuid: string,
  limit: number,
): Promise<SmsReceiptRow[]> {
  return db
    .selectFrom('sms_receipts')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('sms_uuid', '=', uuid)
    .orderBy('id')
    .limit(limit)
    .execute()
}
