import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { charsetOf } from './charset.js'

describe('charsetOf', () => {
  const cases: [string, string | null][] = [
    ['application/json', null],
    ['application/json; charset=utf-8', 'utf-8'],
    ['application/json;charset=UTF-16', 'utf-16'],
    ['application/json; Charset = "UTF-8"', 'utf-8'],
    ['application/json; CHARSET="latin1"', 'latin1'],
    ['multipart/form-data; boundary="a;charset=x"; charset=utf8', 'utf8'],
    ['multipart/form-data; boundary=xyz', null],
    ['application/json; foo=bar; charset=iso-8859-1', 'iso-8859-1'],
  ]
  for (const [type, charset] of cases) {
    it(`${type} → ${charset}`, () => assert.equal(charsetOf(type), charset))
  }
})
