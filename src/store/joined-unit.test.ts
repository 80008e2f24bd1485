import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Kysely } from 'kysely'
import { openTestStore } from '../../test/helpers/test-database.js'
import type { Database } from './database.js'
import { GroupCommit } from './group-commit.js'
import { JoinedUnit } from './joined-unit.js'

/**
 * The store whose next `transactions` transactions fail to begin, as when PostgreSQL refuses a
 * connection (too many clients, a restart): the batch fails before any of its units ran.
 */
function failingToBegin(db: Kysely<Database>, transactions: number): Kysely<Database> {
  let left = transactions
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'transaction' && left > 0) {
        left--
        return () => ({
          execute: () => Promise.reject(new Error('connection refused')),
        })
      }
      const value: unknown = Reflect.get(target, prop, receiver)
      // Kysely keeps its state in private fields: its methods run on the store itself.
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

describe('JoinedUnit', () => {
  it('hands each caller the result of its own item, with one run of the work per batch', async () => {
    const store = await openTestStore()
    const runs: number[][] = []
    const unit = new JoinedUnit(
      new GroupCommit(store.db),
      async (_trx, items: readonly number[]) => {
        runs.push([...items])
        return items.map((i) => i * 10)
      },
    )
    assert.deepEqual(await Promise.all([unit.add(1), unit.add(2), unit.add(3)]), [10, 20, 30])
    assert.deepEqual(runs, [[1, 2, 3]])
    assert.equal(await unit.add(4), 40)
    await store.close()
  })

  it('fails the callers of a batch that could not begin, and serves the next callers afresh', async () => {
    const store = await openTestStore()
    const unit = new JoinedUnit(
      new GroupCommit(failingToBegin(store.db, 1)),
      async (_trx, items: readonly number[]) => items.map((i) => i * 10),
    )
    const first = await Promise.allSettled([unit.add(1), unit.add(2)])
    assert.deepEqual(
      first.map((r) => r.status),
      ['rejected', 'rejected'],
    )
    // Without a fresh commit, later items would wait on the failed one forever.
    assert.deepEqual(await Promise.all([unit.add(3), unit.add(4)]), [30, 40])
    await store.close()
  })
})
