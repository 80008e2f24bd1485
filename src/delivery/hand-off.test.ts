import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { ClaimedSms } from '../store/queue/claim.js'
import { SharedRoom } from '../store/queue/shared-room.js'
import { DispatcherHandOff } from './hand-off.js'

const message = (uuid: string) => ({ uuid }) as ClaimedSms

describe('DispatcherHandOff', () => {
  it('sends the messages of one turn together, after the turn', async () => {
    const posts: string[][] = []
    const h = new DispatcherHandOff(new SharedRoom(), 'd', 1000, (m) =>
      posts.push(m.map((x) => x.uuid)),
    )
    h.deliver(message('a'))
    h.deliver(message('b'))
    h.deliver(message('c'))
    assert.deepEqual(posts, [], 'nothing goes over within the turn')
    await nextTurn()
    h.deliver(message('d'))
    await nextTurn()
    assert.deepEqual(posts, [['a', 'b', 'c'], ['d']])
  })

  it('takes places from the dispatcher room and gives them back', () => {
    const room = new SharedRoom()
    room.open(2)
    const h = new DispatcherHandOff(room, 'd', 1000, () => undefined)
    assert.equal(h.take(), true)
    assert.equal(h.take(), true)
    assert.equal(h.take(), false, 'the room is full')
    h.giveBack()
    assert.equal(h.take(), true)
    room.close()
    h.giveBack()
    assert.equal(h.take(), false, 'a closed room stays closed')
  })
})
