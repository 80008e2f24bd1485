import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { openTestStore } from '../../test/helpers/test-database.js'
import { bound, statement } from './statement.js'

describe('statement', () => {
  const st = statement`select ${'a'} + ${'b'} as sum, ${'a'} as a`

  it('marks parameters per dialect, in order, repeats included', () => {
    assert.equal(st.sqlite, 'select ? + ? as sum, ? as a')
    assert.equal(st.postgres, 'select $1 + $2 as sum, $3 as a')
    assert.deepEqual(st.params, ['a', 'b', 'a'])
  })

  it('binds values by name and runs on the test database', async () => {
    const store = await openTestStore()
    // Typed, as PostgreSQL cannot infer the type of a parameter added to another parameter.
    const typed = statement`
      select cast(${'a'} as integer) + cast(${'b'} as integer) as sum, cast(${'a'} as integer) as a`
    const r = await store.db.executeQuery<{ sum: number; a: number }>(
      bound(store.db, typed, { a: 2, b: 40 }),
    )
    assert.deepEqual(r.rows, [{ sum: 42, a: 2 }])
    await store.close()
  })

  it('takes a value from extra where it names the parameter, else from the row', async () => {
    const store = await openTestStore()
    const row = { a: 1, b: 2, unused: 'x' }
    assert.deepEqual(bound(store.db, st, row, { b: 30 }).parameters, [1, 30, 1])
    assert.deepEqual(bound(store.db, st, row, { a: 10 }).parameters, [10, 2, 10])
    // A value of null or undefined in extra still wins: it is what the caller means to bind.
    assert.deepEqual(bound(store.db, st, row, { a: null }).parameters, [null, 2, null])
    assert.deepEqual(bound(store.db, st, { a: 5 }, { b: 6 }).parameters, [5, 6, 5])
    await store.close()
  })
})
