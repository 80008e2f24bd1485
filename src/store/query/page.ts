import type { RawBuilder, SelectQueryBuilder, Selectable } from 'kysely'
import { PAGE_SIZE } from '../../domain/query/filter-spec.js'
import type { Database } from '../database.js'

/** One page of a filtered list and the number of rows across all pages. */
export async function pageOf<T extends keyof Database>(
  base: SelectQueryBuilder<Database, T, object>,
  order: RawBuilder<unknown>,
  page: number,
): Promise<{ rows: Selectable<Database[T]>[]; total: number }> {
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy(order)
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  // Kysely's row type for a generic table does not reduce to Selectable; it is the same shape.
  return {
    rows: rows as unknown as Selectable<Database[T]>[],
    total: Number((count as { n: number }).n),
  }
}
