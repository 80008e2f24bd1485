import type { Db } from '../database.js'
import type { MoConcatTable, MoPartTable } from '../tables/incoming.table.js'

export type MoPart = Omit<MoPartTable, 'concat_key'>
export type MoConcat = Omit<MoConcatTable, 'received'>

/**
 * Keeps one part of a concatenated inbound message. The header row is updated after the part is
 * written, so concurrent parts of one message queue up on it and exactly one of them sees the
 * count reach the total; that one gets every part back (in order) and the rows are removed.
 * A repeated part changes nothing.
 */
export async function addMoPart(db: Db, head: MoConcat, part: MoPart): Promise<MoPart[] | null> {
  const inserted = await db
    .insertInto('mo_parts')
    .values({ concat_key: head.concat_key, ...part })
    .onConflict((oc) => oc.columns(['concat_key', 'seq']).doNothing())
    .executeTakeFirst()
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return null
  const row = await db
    .insertInto('mo_concat')
    .values({ ...head, received: 1 })
    .onConflict((oc) =>
      oc.column('concat_key').doUpdateSet((eb) => ({ received: eb('mo_concat.received', '+', 1) })),
    )
    .returning(['received', 'total'])
    .executeTakeFirstOrThrow()
  if (row.received < row.total) return null
  return takeParts(db, head.concat_key)
}

/** Messages whose first part came before `beforeMs`: the parts that came, for delivery as they are. */
export async function takeStaleConcats(
  db: Db,
  beforeMs: number,
  limit: number,
): Promise<{ head: MoConcatTable; parts: MoPart[] }[]> {
  const heads = await db
    .selectFrom('mo_concat')
    .selectAll()
    .where('first_at', '<', beforeMs)
    .orderBy('first_at')
    .limit(limit)
    .execute()
  const out = []
  for (const head of heads) out.push({ head, parts: await takeParts(db, head.concat_key) })
  return out
}

async function takeParts(db: Db, key: string): Promise<MoPart[]> {
  const parts = await db
    .selectFrom('mo_parts')
    .select(['seq', 'data_coding', 'body'])
    .where('concat_key', '=', key)
    .orderBy('seq')
    .execute()
  await db.deleteFrom('mo_parts').where('concat_key', '=', key).execute()
  await db.deleteFrom('mo_concat').where('concat_key', '=', key).execute()
  return parts
}
