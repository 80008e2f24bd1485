import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { fillFields, hasPlaceholders, type Fields } from './fill-fields.js'

describe('fillFields', () => {
  const fields: Fields = { name: 'simone', surname: 'rossi', n: 3, vip: true, gone: null }
  const cases: [string, Fields | null, string][] = [
    ['Hello {{name}} {{surname}}', fields, 'Hello simone rossi'],
    ['Hello {{ name }}', fields, 'Hello simone'],
    ['{{n}} items, vip {{vip}}', fields, '3 items, vip true'],
    ['Hello {{unknown}}!', fields, 'Hello !'],
    ['Hello {{gone}}!', fields, 'Hello !'],
    ['Hello {{name}}', null, 'Hello '],
    ['No placeholders { {name} }', fields, 'No placeholders { {name} }'],
    ['{single} and {{}}', fields, '{single} and {{}}'],
    ['{{Name}}', fields, ''],
  ]
  for (const [body, f, out] of cases)
    it(`${body} → ${out}`, () => {
      assert.equal(fillFields(body, f), out)
    })

  it('tells whether a body has placeholders', () => {
    assert.equal(hasPlaceholders('Hi {{name}}'), true)
    assert.equal(hasPlaceholders('Hi {name}'), false)
    assert.equal(hasPlaceholders('Hi {{}}'), false)
  })
})
