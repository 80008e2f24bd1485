import type { Db } from '../database.js'
import type { AuthBlockKind } from '../tables/auth.table.js'

type Subject = { kind: AuthBlockKind; subject: string }

export async function addAuthFailure(db: Db, s: Subject, at: number): Promise<void> {
  await db.insertInto('auth_failures').values({ kind: s.kind, subject: s.subject, at }).execute()
}

/** Failures of a subject after `since` (unix ms). */
export async function countAuthFailures(db: Db, s: Subject, since: number): Promise<number> {
  const r = await db
    .selectFrom('auth_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', s.kind)
    .where('subject', '=', s.subject)
    .where('at', '>', since)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function clearAuthFailures(
  db: Db,
  kinds: readonly AuthBlockKind[],
  subject: string,
): Promise<void> {
  await db
    .deleteFrom('auth_failures')
    .where('kind', 'in', kinds)
    .where('subject', '=', subject)
    .execute()
}

/**
 * Blocks a subject until `until`, unless a block is already running at `now`: a block is never
 * extended. Returns the end of the block in force afterwards.
 */
export async function startAuthBlock(
  db: Db,
  s: Subject,
  now: number,
  until: number,
): Promise<number> {
  await db
    .insertInto('auth_blocks')
    .values({ kind: s.kind, subject: s.subject, blocked_until: until, created_at: now })
    .onConflict((oc) =>
      oc
        .columns(['kind', 'subject'])
        .doUpdateSet({ blocked_until: until, created_at: now })
        .where('auth_blocks.blocked_until', '<=', now),
    )
    .execute()
  return (await findAuthBlock(db, s)) ?? until
}

/** The end of the subject's block (unix ms; it may lie in the past), or null. */
export async function findAuthBlock(db: Db, s: Subject): Promise<number | null> {
  const r = await db
    .selectFrom('auth_blocks')
    .select('blocked_until')
    .where('kind', '=', s.kind)
    .where('subject', '=', s.subject)
    .executeTakeFirst()
  return r === undefined ? null : Number(r.blocked_until)
}

export type AuthBlockRow = Subject & { blockedUntil: number; createdAt: number }

/** Blocks in force at `now`, those ending first first. */
export async function listAuthBlocks(db: Db, now: number): Promise<AuthBlockRow[]> {
  const rows = await db
    .selectFrom('auth_blocks')
    .selectAll()
    .where('blocked_until', '>', now)
    .orderBy('blocked_until')
    .orderBy('kind')
    .orderBy('subject')
    .execute()
  return rows.map((r) => ({
    kind: r.kind,
    subject: r.subject,
    blockedUntil: Number(r.blocked_until),
    createdAt: Number(r.created_at),
  }))
}

/** Lifts the blocks of a subject of the given kinds; returns how many were in force at `now`. */
export async function deleteAuthBlocks(
  db: Db,
  kinds: readonly AuthBlockKind[],
  subject: string,
  now: number,
): Promise<number> {
  const live = await db
    .deleteFrom('auth_blocks')
    .where('kind', 'in', kinds)
    .where('subject', '=', subject)
    .returning('blocked_until')
    .execute()
  return live.filter((r) => Number(r.blocked_until) > now).length
}

/** Drops failures up to `failuresBefore`, ended blocks, and addresses unseen since `knownBefore`. */
export async function pruneAuthState(
  db: Db,
  o: { now: number; failuresBefore: number; knownBefore: number },
): Promise<void> {
  await db.deleteFrom('auth_failures').where('at', '<=', o.failuresBefore).execute()
  await db.deleteFrom('auth_blocks').where('blocked_until', '<=', o.now).execute()
  await db.deleteFrom('auth_known_addresses').where('seen_at', '<', o.knownBefore).execute()
}

export async function touchKnownAddress(
  db: Db,
  accountId: number,
  ip: string,
  at: number,
): Promise<void> {
  await db
    .insertInto('auth_known_addresses')
    .values({ account_id: accountId, ip, seen_at: at })
    .onConflict((oc) => oc.columns(['account_id', 'ip']).doUpdateSet({ seen_at: at }))
    .execute()
}

/** Whether a key of the account authenticated from `ip` after `since` (unix ms). */
export async function isKnownAddress(
  db: Db,
  accountId: number,
  ip: string,
  since: number,
): Promise<boolean> {
  const r = await db
    .selectFrom('auth_known_addresses')
    .select('seen_at')
    .where('account_id', '=', accountId)
    .where('ip', '=', ip)
    .executeTakeFirst()
  return r !== undefined && Number(r.seen_at) > since
}
