import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { parseKannelParams } from './params.js'

describe('parseKannelParams', () => {
  it('keeps raw octets: UTF-16BE text, binary UDH, + as space, the first of a repeated name', () => {
    const p = parseKannelParams('text=%00%41%04%36&udh=%05%00%03%0A%02%01&from=a+b&to=1&to=2&x')
    assert.equal(p.get('text')!.toString('hex'), '00410436')
    assert.equal(p.get('udh')!.toString('hex'), '0500030a0201')
    assert.equal(p.get('from')!.toString(), 'a b')
    assert.equal(p.get('to')!.toString(), '1')
    assert.equal(p.get('x')!.length, 0)
  })

  it('leaves a stray % as it is', () => {
    assert.equal(parseKannelParams('t=50%25%zz%4').get('t')!.toString(), '50%%zz%4')
  })
})
