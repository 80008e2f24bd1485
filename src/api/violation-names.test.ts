import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { validationError } from '../errors/app-error.js'
import { inRequestTerms } from './violation-names.js'

const NAMES = { to: 'phone', numbers: 'phones', sendAt: 'delivery_at' }

describe('inRequestTerms', () => {
  const cases: [string, string][] = [
    ['to', 'phone'],
    ['sendAt', 'delivery_at'],
    ['numbers[2]', 'phones[2]'],
    ['numbers[0].phone', 'phones[0].phone'],
    ['numbers.x', 'phones.x'],
    // Not named by the table: as it is.
    ['text', 'text'],
    ['tonight', 'tonight'],
    ['numbersX[1]', 'numbersX[1]'],
    ['', ''],
  ]
  for (const [path, expected] of cases) {
    it(`${JSON.stringify(path)} → ${JSON.stringify(expected)}`, async () => {
      const failing = Promise.reject(validationError([{ propertyPath: path, message: 'bad' }]))
      await assert.rejects(inRequestTerms(NAMES, failing), (err: { violations: unknown[] }) => {
        assert.deepEqual(err.violations, [{ propertyPath: expected, message: 'bad' }])
        return true
      })
    })
  }

  it('passes results and other errors through', async () => {
    assert.equal(await inRequestTerms(NAMES, Promise.resolve(7)), 7)
    const other = new Error('down')
    await assert.rejects(inRequestTerms(NAMES, Promise.reject(other)), other)
  })
})
