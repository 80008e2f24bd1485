import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createIds } from './ids.js'

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('createIds().uuid', () => {
  it('gives UUID v7 text carrying the millisecond', () => {
    const id = createIds(() => 0x0190_1234_5678).uuid()
    assert.match(id, V7)
    assert.equal(id.replaceAll('-', '').slice(0, 12), '019012345678')
  })

  it('stays unique and in order across many ids in one millisecond, past the pool refill', () => {
    const ids = createIds(() => 1_700_000_000_000)
    const made = Array.from({ length: 5_000 }, () => ids.uuid())
    assert.equal(new Set(made).size, made.length)
    assert.deepEqual([...made].sort(), made)
    for (const id of made) assert.match(id, V7)
  })

  it('draws fresh random bits for every id', () => {
    const ids = createIds(() => 1)
    const tails = new Set(Array.from({ length: 3_000 }, () => ids.uuid().slice(19)))
    assert.equal(tails.size, 3_000)
  })
})
