import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { KeyedTurns } from './keyed-turns.js'

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('KeyedTurns', () => {
  it('runs the work of one key one at a time, in order, and other keys beside it', async () => {
    const turns = new KeyedTurns()
    const log: string[] = []
    const job = (key: string, name: string) =>
      turns.run(key, async () => {
        log.push(`${name} start`)
        await tick()
        await tick()
        log.push(`${name} end`)
        return name
      })
    const results = await Promise.all([job('a', 'a1'), job('a', 'a2'), job('b', 'b1')])
    assert.deepEqual(results, ['a1', 'a2', 'b1'])
    assert.ok(log.indexOf('a1 end') < log.indexOf('a2 start'), 'a2 waits for a1')
    assert.ok(log.indexOf('b1 start') < log.indexOf('a1 end'), 'b1 does not wait for a1')
  })

  it('goes on after a failed turn, and forgets a key whose line is empty', async () => {
    const turns = new KeyedTurns()
    const failed = turns.run('k', async () => {
      throw new Error('boom')
    })
    const next = turns.run('k', async () => 'ran')
    await assert.rejects(failed, /boom/)
    assert.equal(await next, 'ran')
    assert.equal(turns.busyKeys, 0)
  })
})
