import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { buildConcatUdh, parseConcatUdh, parseUdh } from './udh.js'
import type { ConcatInfo, ParsedUdh } from './udh.js'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')
const bytes = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\s/g, ''), 'hex'))

describe('buildConcatUdh: golden hex', () => {
  const cases: [ConcatInfo, 8 | 16, string][] = [
    [{ ref: 0x42, total: 3, seq: 1 }, 8, '050003420301'],
    [{ ref: 0x42, total: 3, seq: 3 }, 8, '050003420303'],
    [{ ref: 0, total: 1, seq: 1 }, 8, '050003000101'],
    [{ ref: 0xff, total: 255, seq: 255 }, 8, '050003ffffff'],
    [{ ref: 0x1234, total: 2, seq: 2 }, 16, '06080412340202'],
    [{ ref: 0xffff, total: 10, seq: 1 }, 16, '060804ffff0a01'],
  ]
  for (const [info, bits, expected] of cases) {
    it(`${JSON.stringify(info)} ${bits}-bit → ${expected}`, () => {
      assert.equal(hex(buildConcatUdh(info, bits)), expected)
    })
  }

  const invalid: [ConcatInfo, 8 | 16][] = [
    [{ ref: 256, total: 2, seq: 1 }, 8],
    [{ ref: -1, total: 2, seq: 1 }, 8],
    [{ ref: 0x10000, total: 2, seq: 1 }, 16],
    [{ ref: 1, total: 0, seq: 1 }, 8],
    [{ ref: 1, total: 2, seq: 3 }, 8],
    [{ ref: 1, total: 2, seq: 0 }, 8],
    [{ ref: 1, total: 256, seq: 1 }, 8],
  ]
  for (const [info, bits] of invalid) {
    it(`rejects ${JSON.stringify(info)} ${bits}-bit`, () => {
      assert.throws(() => buildConcatUdh(info, bits), RangeError)
    })
  }
})

describe('parseUdh', () => {
  const cases: [string, string, ParsedUdh | null][] = [
    [
      '8-bit concat',
      '050003420302 48656c6c6f',
      { headerLength: 6, concat: { ref: 0x42, total: 3, seq: 2, refBits: 8 } },
    ],
    [
      '16-bit concat',
      '06080412340202 00',
      { headerLength: 7, concat: { ref: 0x1234, total: 2, seq: 2, refBits: 16 } },
    ],
    [
      'concat after port addressing IE 0x05',
      '0b 0504 0b8423f0 00 03 07 02 01 aa',
      { headerLength: 12, concat: { ref: 7, total: 2, seq: 1, refBits: 8 } },
    ],
    [
      'concat before national language shift IE 0x25',
      '08 0003 090201 2501 02',
      { headerLength: 9, concat: { ref: 9, total: 2, seq: 1, refBits: 8 } },
    ],
    ['no concat IE', '03 2501 02 41', { headerLength: 4, concat: null }],
    ['seq beyond total is not concat', '050003420304', { headerLength: 6, concat: null }],
    ['seq 0 is not concat', '050003420300', { headerLength: 6, concat: null }],
    ['wrong IE length is skipped', '060004420301ff', { headerLength: 7, concat: null }],
    ['UDHL runs past the data', '0a000342', null],
    ['IE runs past the header', '03 0005 42', null],
    ['empty data', '', null],
  ]
  for (const [name, input, expected] of cases) {
    it(name, () => assert.deepEqual(parseUdh(bytes(input)), expected))
  }

  it('parseConcatUdh round-trips every built header', () => {
    for (const bits of [8, 16] as const) {
      for (const [ref, total, seq] of [
        [0, 1, 1],
        [200, 4, 4],
        [77, 255, 128],
      ] as const) {
        const header = buildConcatUdh({ ref, total, seq }, bits)
        const data = new Uint8Array([...header, 0x41, 0x42])
        assert.deepEqual(parseConcatUdh(data), { ref, total, seq, headerLength: header.length })
      }
    }
  })

  it('parseConcatUdh is null without a concat IE', () => {
    assert.equal(parseConcatUdh(bytes('03250102')), null)
  })
})
