import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { formLanguage } from './language.js'

describe('formLanguage', () => {
  const cases: [string | undefined, string][] = [
    [undefined, 'en'],
    ['', 'en'],
    ['de', 'de'],
    ['de-DE,de;q=0.9,en;q=0.8', 'de'],
    ['de-AT', 'de'],
    ['en-GB,en;q=0.9,de;q=0.8', 'en'],
    ['fr-FR,fr;q=0.9,de;q=0.8,en;q=0.7', 'de'],
    ['fr', 'en'],
    ['en;q=0.5,de;q=0.9', 'de'],
    ['de;q=0,en', 'en'],
    ['*', 'en'],
  ]
  for (const [header, lang] of cases) {
    it(`${JSON.stringify(header)} → ${lang}`, () => assert.equal(formLanguage(header), lang))
  }
})
