import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { MessageChannel } from 'node:worker_threads'
import { Outbox } from '../events/outbox.js'
import { WorkSignal } from '../store/queue/work-signal.js'
import { createIds } from '../shared/ids.js'
import { systemClock } from '../shared/clock.js'
import { ThreadLink } from './thread-link.js'

function linked(serve: Record<string, (...args: never[]) => unknown> = {}) {
  const { port1, port2 } = new MessageChannel()
  const a = new ThreadLink(port1)
  const b = new ThreadLink(port2, serve)
  return {
    a,
    b,
    close() {
      a.close()
      b.close()
      port1.close()
    },
  }
}

describe('ThreadLink', () => {
  it('wakes the same queue on the other side, once per turn however often it is notified', async () => {
    const { a, b, close } = linked()
    const here = { sms: new WorkSignal(), bulks: new WorkSignal() }
    const there = { sms: new WorkSignal(), bulks: new WorkSignal() }
    a.linkSignals(here)
    b.linkSignals(there)
    let wakes = 0
    const wake = there.sms.wake.bind(there.sms)
    there.sms.wake = () => {
      wakes++
      wake()
    }
    const woken = there.sms.wait(5_000)
    const bulksWoken = Promise.race([
      there.bulks.wait(5_000).then(() => 'woken'),
      new Promise((r) => setTimeout(r, 200, 'asleep')),
    ])
    for (let i = 0; i < 100; i++) here.sms.notify()
    await woken
    assert.equal(await bulksWoken, 'asleep', 'another queue stays asleep')
    await new Promise((r) => setTimeout(r, 50))
    assert.equal(wakes, 1)
    close()
  })

  it('tells the other side to read an account’s event targets afresh', async () => {
    const { a, b, close } = linked()
    const deps = { ids: createIds(), clock: systemClock }
    const here = new Outbox(deps, 4)
    const there = new Outbox(deps, 4)
    a.linkOutbox(here)
    b.linkOutbox(there)
    const forgotten: number[] = []
    there.forget = (accountId) => void forgotten.push(accountId)
    here.invalidate(42)
    await new Promise((r) => setTimeout(r, 50))
    assert.deepEqual(forgotten, [42])
    close()
  })

  it('calls across and answers with the value or the error', async () => {
    const { a, close } = linked({
      add: (x: number, y: number) => x + y,
      later: async (x: string) => `${x}!`,
      fails: () => {
        throw new Error('no such connector')
      },
    })
    assert.equal(await a.call('add', 2, 3), 5)
    assert.equal(await a.call('later', 'hi'), 'hi!')
    await assert.rejects(a.call('fails'), /no such connector/)
    await assert.rejects(a.call('missing'), /no such call: missing/)
    close()
  })

  it('fails calls still waiting when it closes', async () => {
    const { a, close } = linked({ never: () => new Promise(() => {}) })
    const waiting = a.call('never')
    a.close('the delivery thread stopped')
    await assert.rejects(waiting, /the delivery thread stopped/)
    close()
  })
})
