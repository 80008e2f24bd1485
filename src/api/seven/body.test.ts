import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { parseForm } from './body.js'

describe('parseForm', () => {
  it('plain names, the first value of a repeated one', () => {
    assert.deepEqual(parseForm('to=49170&text=hello+world&to=49171'), {
      to: '49170',
      text: 'hello world',
    })
  })

  it("PHP's bracket names as seven's files[0][name] sends them", () => {
    const form = 'files[0][name]=a.pdf&files[0][contents]=QQ%3D%3D&files[1][name]=b.pdf'
    assert.deepEqual(parseForm(form), {
      files: [{ name: 'a.pdf', contents: 'QQ==' }, { name: 'b.pdf' }],
    })
    assert.deepEqual(parseForm('ids[]=1&ids[]=2'), { ids: ['1', '2'] })
  })

  it('never writes to the prototype', () => {
    const parsed = parseForm('__proto__[x]=1&a[__proto__][y]=2&constructor[prototype][z]=3')
    assert.equal(({} as Record<string, unknown>).x, undefined)
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype)
    assert.equal((parsed as { x?: unknown }).x, undefined)
  })
})
