import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { maskPhone } from './mask.js'

describe('maskPhone', () => {
  const cases: [string, string][] = [
    ['+4915123456789', '+**********789'],
    ['4915123456789', '**********789'],
    ['+123', '+123'],
    ['12', '12'],
    ['', ''],
  ]
  for (const [phone, masked] of cases) {
    it(`${phone || '(empty)'} → ${masked || '(empty)'}`, () => {
      assert.equal(maskPhone(phone), masked)
    })
  }
})
