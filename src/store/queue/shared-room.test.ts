import { Worker } from 'node:worker_threads'
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SharedRoom } from './shared-room.js'

describe('SharedRoom', () => {
  const cases: { name: string; free: number; take: number; got: number; left: number }[] = [
    { name: 'takes what it asks for', free: 10, take: 3, got: 3, left: 7 },
    { name: 'takes all that is free', free: 10, take: 10, got: 10, left: 0 },
    { name: 'takes no more than is free', free: 4, take: 10, got: 4, left: 0 },
    { name: 'gets nothing from an empty room', free: 0, take: 5, got: 0, left: 0 },
    { name: 'asking for none takes none', free: 5, take: 0, got: 0, left: 5 },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const room = new SharedRoom()
      room.open(c.free)
      assert.equal(room.take(c.take), c.got)
      assert.equal(room.free, c.left)
    })
  }

  it('a closed room gives nothing, however much is given back to it', () => {
    const room = new SharedRoom()
    room.open(7)
    room.close()
    assert.equal(room.free, 0)
    assert.equal(room.take(1), 0)
    room.give(100)
    assert.equal(room.take(1), 0)
    room.open(2)
    room.give(0)
    assert.equal(room.take(5), 2)
  })

  it('hold takes places even when none is free; the room stays short until given back', () => {
    const room = new SharedRoom()
    room.open(2)
    room.hold(3)
    assert.equal(room.free, 0)
    room.give(1)
    assert.equal(room.take(1), 0, 'still one short')
    room.give(2)
    assert.equal(room.take(5), 2)
  })

  it('two views of one buffer share the room', () => {
    const a = new SharedRoom()
    const b = new SharedRoom(a.buffer)
    a.open(5)
    assert.equal(b.take(3), 3)
    assert.equal(a.free, 2)
  })

  it('threads taking at once never take more than was given, together', async () => {
    const GIVEN = 3_000_000
    const room = new SharedRoom()
    room.open(GIVEN)
    const start = new Int32Array(new SharedArrayBuffer(4))
    const url = JSON.stringify(new URL('./shared-room.ts', import.meta.url).href)
    // Each thread waits for the others, then takes one or two places at a time until none is
    // left, and reports how many it took.
    const source = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${url}) })
      .then(({ SharedRoom }) => {
        const { parentPort, workerData } = require('node:worker_threads')
        const room = new SharedRoom(workerData.room)
        parentPort.postMessage('ready')
        Atomics.wait(new Int32Array(workerData.start), 0, 0)
        let taken = 0
        for (let got; (got = room.take(1 + (taken % 2))) > 0; ) taken += got
        parentPort.postMessage(taken)
      })`
    const workerData = { room: room.buffer, start: start.buffer }
    const workers = [1, 2, 3].map(() => new Worker(source, { eval: true, workerData }))
    const counts = workers.map(
      (w) =>
        new Promise<number>((resolve, reject) => {
          w.on('message', (m: 'ready' | number) => m !== 'ready' && resolve(m))
          w.once('error', reject)
        }),
    )
    await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))))
    Atomics.store(start, 0, 1)
    Atomics.notify(start, 0)
    assert.equal(
      (await Promise.all(counts)).reduce((a, b) => a + b, 0),
      GIVEN,
    )
    assert.equal(room.free, 0)
  })
})
