import type { Db } from '../database.js'
import { bound, dialectOf, statement } from '../statement.js'

/** A message as it may be on the wire: its uuid and the attempt (the row's `attempts`). */
export type WireEntry = readonly [uuid: string, attempt: number]

// Written out once: marking runs in every group commit of a busy dispatcher.
const JOURNAL = statement`
  insert into wire_journal (worker_id, seq, entries, created_at)
  values (${'workerId'}, ${'seq'}, ${'entries'}, ${'nowMs'})`

const FORGET_SQLITE = statement`
  delete from wire_journal
  where worker_id = ${'workerId'} and seq in (select value from json_each(${'seqs'}))`

const FORGET_PG = statement`
  delete from wire_journal where worker_id = ${'workerId'} and seq = any(cast(${'seqs'} as bigint[]))`

/** One row for the messages of a batch, before any of them is handed to a connector. */
export async function journalOnWire(
  db: Db,
  o: { workerId: string; seq: number; entries: readonly WireEntry[]; nowMs: number },
): Promise<void> {
  const entries = JSON.stringify(o.entries)
  await db.executeQuery(bound(db, JOURNAL, o, { entries }))
}

/** Batches whose messages all have their outcome stored: none of them can be in doubt. */
export async function forgetBatches(
  db: Db,
  o: { workerId: string; seqs: readonly number[] },
): Promise<void> {
  if (o.seqs.length === 0) return
  const pg = dialectOf(db) === 'postgres'
  const seqs = pg ? o.seqs : JSON.stringify(o.seqs)
  await db.executeQuery(bound(db, pg ? FORGET_PG : FORGET_SQLITE, { workerId: o.workerId, seqs }))
}

/** Everything a worker journaled; for a worker that stops with every outcome stored. */
export async function forgetWorker(db: Db, workerId: string): Promise<void> {
  await db.deleteFrom('wire_journal').where('worker_id', '=', workerId).execute()
}

// `state = 'submitting'` as a literal, as the partial index sms_leased (migration 0010) says it.
const PRUNE = statement`
  delete from wire_journal where worker_id not in (
    select lease_owner from sms where state = 'submitting' and lease_owner is not null)`

/**
 * Batches of workers that hold no message any more (they stopped, or died and their leases
 * were released): nothing of theirs can be in doubt later. A live worker's batch is written
 * while it holds the batch's messages, so it is never taken here while it matters.
 */
export async function pruneJournals(db: Db): Promise<number> {
  const r = await db.executeQuery(bound(db, PRUNE, {}))
  return Number(r.numAffectedRows ?? 0)
}
