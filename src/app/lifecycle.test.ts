import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Lifecycle } from './lifecycle.js'

describe('Lifecycle', () => {
  it('stops in reverse order and reports what each stop drained', async () => {
    const order: string[] = []
    const l = new Lifecycle()
    l.add('store', () => {
      order.push('store')
    })
    l.add('dispatcher', async () => {
      order.push('dispatcher')
      return { messages: 3 }
    })
    l.add('event worker', async () => {
      order.push('event worker')
      return { events: 2 }
    })
    l.add('broken', () => {
      throw new Error('no')
    })
    const failed: string[] = []
    const report = await l.stopAll((name) => failed.push(name))
    assert.deepEqual(order, ['event worker', 'dispatcher', 'store'])
    assert.deepEqual(failed, ['broken'])
    assert.deepEqual(report.stopped, ['event worker', 'dispatcher', 'store'])
    assert.deepEqual(report.failed, ['broken'])
    assert.deepEqual(report.drained, { events: 2, messages: 3 })
    assert.ok(report.ms >= 0)
  })

  it('adds up what several stops drained under one name', async () => {
    const l = new Lifecycle()
    l.add('a', () => ({ messages: 1 }))
    l.add('b', () => ({ messages: 2, receiptsHeld: 5 }))
    assert.deepEqual((await l.stopAll()).drained, { messages: 3, receiptsHeld: 5 })
  })
})
