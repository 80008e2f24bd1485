// LISTEN/NOTIFY between two "processes" (two links to one PostgreSQL database): a notify in one
// wakes the waiters of the other at once, and only those of the same queue.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import pino from 'pino'
import { testPostgresUrl } from '../../../test/helpers/test-database.js'
import { linkWakeups } from './wakeups.js'
import { WorkSignal } from './work-signal.js'

const HOUR = 3_600_000

describe('wake-ups across processes (PostgreSQL LISTEN/NOTIFY)', () => {
  const a = { sms: new WorkSignal(), events: new WorkSignal() }
  const b = { sms: new WorkSignal(), events: new WorkSignal() }
  const unlink: (() => Promise<void>)[] = []
  before(async () => {
    const log = pino({ level: 'silent' })
    const url = testPostgresUrl()
    unlink.push(await linkWakeups(url, a, log), await linkWakeups(url, b, log))
  })
  after(async () => {
    for (const u of unlink) await u()
  })

  /** Resolves true when woken, false when `ms` passed first. */
  const woken = async (signal: WorkSignal, ms: number) => {
    let timedOut = false
    const timer = setTimeout(() => (timedOut = true), ms - 10)
    await signal.wait(ms)
    clearTimeout(timer)
    return !timedOut
  }

  it('a notify in one process wakes a waiter of the same queue in the other', async () => {
    const waiting = woken(b.sms, HOUR)
    a.sms.notify()
    assert.equal(await waiting, true)
  })

  it('other queues are not woken', async () => {
    const events = woken(b.events, 500)
    const sms = woken(b.sms, HOUR)
    a.sms.notify()
    assert.equal(await sms, true)
    assert.equal(await events, false)
  })

  it('a notification that arrives is not sent on again', async () => {
    let sent = 0
    const forward = b.sms.onNotify
    b.sms.onNotify = () => sent++
    const waiting = woken(b.sms, HOUR)
    a.sms.notify()
    await waiting
    b.sms.onNotify = forward
    assert.equal(sent, 0)
  })
})
