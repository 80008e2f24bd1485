import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { parseSmppTime, receiptDate } from './smpp-time.js'

describe('SMPP times', () => {
  const now = Date.UTC(2026, 0, 15, 12, 0, 0) / 1000

  it('reads absolute times with their UTC offset in quarter hours', () => {
    assert.equal(parseSmppTime('260115130000004+', now), now)
    assert.equal(parseSmppTime('260115120000000+', now), now)
    assert.equal(parseSmppTime('260115110000004-', now), now)
  })

  it('reads relative times from now', () => {
    assert.equal(parseSmppTime('000000010000000R', now), now + 3600)
    assert.equal(parseSmppTime('000001000030000R', now), now + 86_400 + 30)
  })

  it('is null for an empty field and refuses malformed ones', () => {
    assert.equal(parseSmppTime('', now), null)
    assert.throws(() => parseSmppTime('2601', now), RangeError)
    assert.throws(() => parseSmppTime('261315120000000+', now), RangeError)
  })

  it('writes receipt dates as YYMMDDhhmm in UTC', () => {
    assert.equal(receiptDate(now), '2601151200')
  })
})
