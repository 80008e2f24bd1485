import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { openStore } from './db.js'
import { bound, statement } from './statement.js'

describe('statement', () => {
  const st = statement`select ${'a'} + ${'b'} as sum, ${'a'} as a`

  it('marks parameters per dialect, in order, repeats included', () => {
    assert.equal(st.sqlite, 'select ? + ? as sum, ? as a')
    assert.equal(st.postgres, 'select $1 + $2 as sum, $3 as a')
    assert.deepEqual(st.params, ['a', 'b', 'a'])
  })

  it('binds values by name and runs on SQLite', async () => {
    const store = openStore({ url: 'sqlite::memory:' })
    const r = await store.db.executeQuery<{ sum: number; a: number }>(bound(store.db, st, { a: 2, b: 40 }))
    assert.deepEqual(r.rows, [{ sum: 42, a: 2 }])
    await store.close()
  })
})
