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
})
