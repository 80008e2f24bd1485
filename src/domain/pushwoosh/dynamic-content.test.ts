import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { fillDynamicContent } from './dynamic-content.js'

describe('Pushwoosh dynamic content', () => {
  const values = { name: 'ann marie', city: 'Köln', empty: '' }

  it('fills placeholders with their values, shaped by the modifier', () => {
    const cases: [string, string][] = [
      ['Hello {name}!', 'Hello ann marie!'],
      ['Hello {name|CapitalizeFirst}', 'Hello Ann marie'],
      ['Hello {name|CapitalizeAllFirst|friend}', 'Hello Ann Marie'],
      ['{city|UPPERCASE} {city|lowercase}', 'KÖLN köln'],
      ['{name|String|x}', 'ann marie'],
      ['[{empty}]', '[]'],
      ['Hi {first|CapitalizeFirst|dear customer}', 'Hi Dear customer'],
      ['Hi {first||guest}', 'Hi guest'],
      ['Hi {first|String|}', 'Hi '],
      ['No placeholders here', 'No placeholders here'],
      ['Braces { alone } and {1abc} stay', 'Braces { alone } and {1abc} stay'],
    ]
    for (const [template, text] of cases)
      assert.deepEqual(fillDynamicContent(template, values), { ok: true, text }, template)
  })

  it('refuses a placeholder without value or default, and an unknown modifier', () => {
    const missing = fillDynamicContent('Hello {surname}', values)
    assert.equal(missing.ok, false)
    assert.match(!missing.ok ? missing.problem : '', /"surname"/)
    const bad = fillDynamicContent('Hello {name|Shout}', values)
    assert.equal(bad.ok, false)
    assert.match(!bad.ok ? bad.problem : '', /Unknown modifier "Shout"/)
  })

  it('takes only own values, never inherited ones', () => {
    const r = fillDynamicContent('{toString}', {})
    assert.equal(r.ok, false)
  })
})
