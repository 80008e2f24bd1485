import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { TokenBucket } from './token-bucket.js'

const takes = (bucket: TokenBucket, now: number) => {
  let n = 0
  while (bucket.tryTake(now)) n++
  return n
}

describe('TokenBucket', () => {
  it('allows the burst at once, then the rate', () => {
    const bucket = new TokenBucket(50, 50, 0)
    assert.equal(takes(bucket, 0), 50)
    assert.equal(bucket.waitMs(0), 20)
    assert.equal(takes(bucket, 100), 5)
    assert.equal(takes(bucket, 1100), 50, 'never more than the burst')
  })

  it('waitMs counts partial tokens', () => {
    const bucket = new TokenBucket(10, 1, 0)
    assert.equal(bucket.tryTake(0), true)
    assert.equal(bucket.waitMs(30), 70)
    assert.equal(bucket.waitMs(100), 0)
  })

  it('setRate drops tokens above the new burst and refills at the new rate', () => {
    const bucket = new TokenBucket(100, 100, 0)
    bucket.setRate(10, 2, 0)
    assert.equal(takes(bucket, 0), 2)
    assert.equal(takes(bucket, 200), 2)
    assert.equal(bucket.rate, 10)
  })
})
