import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { openTestStore } from '../../test/helpers/test-database.js'
import { afterCommit, GroupCommit } from './group-commit.js'
import { insertAccount, findAccount, creditFunds } from './repositories/account.repository.js'

async function freshStore() {
  const store = await openTestStore()
  await insertAccount(store.db, {
    id: 1,
    name: 'a',
    country: 'DE',
    currency: 'EUR',
    billing_mode: 'prepaid',
    balance_micro: 0,
    credit_limit_micro: 0,
    is_text_deleted: 0,
    services: '[]',
    status: 'active',
    balance_changed_at: 0,
    created_at: 0,
  })
  return store
}

describe('GroupCommit', () => {
  it('runs units submitted together in one transaction, rolling back a failing unit alone', async () => {
    const store = await freshStore()
    const group = new GroupCommit(store.db)
    const unit = (amount: number, fail: boolean) =>
      group.run(async (trx) => {
        await creditFunds(trx, 1, amount, 0)
        if (fail) throw new Error(`unit ${amount} failed`)
        return { amount, trx }
      })
    const results = await Promise.allSettled([unit(1, false), unit(10, true), unit(100, false)])
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value.amount : (r.reason as Error).message)),
      [1, 'unit 10 failed', 100],
    )
    const [a, , c] = results
    assert.ok(a.status === 'fulfilled' && c.status === 'fulfilled')
    assert.equal(a.value.trx, c.value.trx, 'the units that succeeded committed together')
    assert.equal(Number((await findAccount(store.db, 1))!.balance_micro), 101)
    await store.close()
  })

  it('tells a unit after the commit whether its work was stored, once per run of it', async () => {
    const store = await freshStore()
    const group = new GroupCommit(store.db)
    const heard: string[] = []
    const unit = (amount: number, fail: boolean) =>
      group.run(async (trx) => {
        let heardNow = false
        const hooked = afterCommit(trx, (committed) => {
          heardNow = true
          heard.push(`${amount}:${committed}`)
        })
        assert.ok(hooked)
        await creditFunds(trx, 1, amount, 0)
        if (fail) throw new Error(`unit ${amount} failed`)
        assert.equal(heardNow, false, 'not before the commit')
      })
    await Promise.allSettled([unit(1, false), unit(10, true), unit(100, false)])
    // The first run is rolled back whole when unit 10 throws (each unit hears false); in the
    // second, with savepoints, unit 10 is rolled back alone and the others are committed.
    assert.deepEqual(heard.sort(), ['1:false', '1:true', '10:false', '10:false', '100:true'].sort())
    assert.equal(
      afterCommit(store.db, () => assert.fail('no group commit')),
      false,
    )
    await store.close()
  })

  it('commits a batch in which no unit fails in a single run', async () => {
    const store = await freshStore()
    const group = new GroupCommit(store.db)
    let runs = 0
    await Promise.all(
      [1, 2, 3].map((amount) =>
        group.run(async (trx) => {
          runs++
          await creditFunds(trx, 1, amount, 0)
        }),
      ),
    )
    assert.equal(runs, 3, 'each unit ran once')
    assert.equal(Number((await findAccount(store.db, 1))!.balance_micro), 6)
    await store.close()
  })

  it('splits large queues into batches and keeps their order', async () => {
    const store = await freshStore()
    const group = new GroupCommit(store.db, 3)
    const order: number[] = []
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        group.run(async (trx) => {
          order.push(i)
          await creditFunds(trx, 1, 1, 0)
        }),
      ),
    )
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    assert.equal(Number((await findAccount(store.db, 1))!.balance_micro), 10)
    await store.close()
  })
})
