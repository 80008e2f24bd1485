import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyReply } from 'fastify'
import { HandlerDeadlines } from './handler-deadlines.js'

const reply = () => ({ sent: false, raw: { destroyed: false } }) as unknown as FastifyReply

describe('HandlerDeadlines', () => {
  it('answers once what is not answered when its time has run out, and nothing else', () => {
    const late: FastifyReply[] = []
    const d = new HandlerDeadlines(1000, (r) => late.push(r))
    try {
      const [answered, pending, sentElsewhere, gone] = [reply(), reply(), reply(), reply()]
      for (const r of [answered, pending, sentElsewhere, gone]) d.add(r)
      d.done(answered)
      ;(sentElsewhere as { sent: boolean }).sent = true
      ;(gone.raw as { destroyed: boolean }).destroyed = true
      d.sweep(Date.now() + 500)
      assert.deepEqual(late, [], 'not before the timeout')
      d.sweep(Date.now() + 1300)
      assert.deepEqual(late, [pending])
      d.sweep(Date.now() + 5000)
      assert.equal(late.length, 1, 'answered once')
    } finally {
      d.stop()
    }
  })

  it('keeps nothing with a timeout of 0 (no limit)', () => {
    const late: FastifyReply[] = []
    const d = new HandlerDeadlines(0, (r) => late.push(r))
    d.add(reply())
    d.sweep(Date.now() + 3_600_000)
    assert.deepEqual(late, [])
    d.stop()
  })
})
