import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { splitBinary } from './binary.js'

describe('splitBinary', () => {
  const cases: [number, number[]][] = [
    [0, [0]],
    [1, [1]],
    [140, [140]],
    [141, [134, 7]],
    [268, [134, 134]],
    [269, [134, 134, 1]],
  ]
  for (const [size, parts] of cases) {
    it(`${size} octets → ${parts.join(' + ')}`, () => {
      const data = Uint8Array.from({ length: size }, (_, i) => i & 0xff)
      const split = splitBinary(data)
      assert.deepEqual(
        split.map((p) => p.length),
        parts,
      )
      assert.deepEqual(Buffer.concat(split), Buffer.from(data), 'the parts join to the data')
    })
  }
})
