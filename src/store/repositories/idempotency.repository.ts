import type { Db } from '../database.js'

export type StoredResponse = {
  requestHash: string
  status: number
  body: string
  createdAt: number
}

export async function findIdempotentResponse(
  db: Db,
  accountId: number,
  key: string,
  notBefore: number,
): Promise<StoredResponse | undefined> {
  const r = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('idem_key', '=', key)
    .where('created_at', '>=', notBefore)
    .executeTakeFirst()
  return (
    r && {
      requestHash: r.request_hash,
      status: r.response_status,
      body: r.response_body,
      createdAt: Number(r.created_at),
    }
  )
}

/** Upserts, so a key whose 24 h have passed can be used again. */
export async function saveIdempotentResponse(
  db: Db,
  accountId: number,
  key: string,
  resp: StoredResponse,
): Promise<void> {
  const values = {
    request_hash: resp.requestHash,
    response_status: resp.status,
    response_body: resp.body,
    created_at: resp.createdAt,
  }
  await db
    .insertInto('idempotency_keys')
    .values({ account_id: accountId, idem_key: key, ...values })
    .onConflict((oc) => oc.columns(['account_id', 'idem_key']).doUpdateSet(values))
    .execute()
}

export async function purgeIdempotencyKeys(db: Db, olderThan: number): Promise<number> {
  const r = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', olderThan)
    .executeTakeFirst()
  return Number(r.numDeletedRows)
}
