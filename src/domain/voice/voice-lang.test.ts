import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { VOICE_LANG_PREFIXES, detectVoiceLang } from './voice-lang.js'
import type { VoiceLang } from './voice-lang.js'

describe('detectVoiceLang', () => {
  const cases: [string, VoiceLang | undefined, VoiceLang][] = [
    ['+491701234567', undefined, 'DE'],
    ['+41791234567', undefined, 'DE'],
    ['+436641234567', undefined, 'DE'],
    ['+79161234567', undefined, 'DE'], // documented Russian range
    ['+74951234567', undefined, 'EN'], // rest of +7 is not listed
    ['+34612345678', undefined, 'ES'],
    ['+5215512345678', undefined, 'ES'],
    ['+593991234567', undefined, 'ES'],
    ['+59171234567', undefined, 'ES'],
    ['+59212345678', undefined, 'EN'], // +592 Guyana is not listed
    ['+24022212345', undefined, 'ES'],
    ['+24112345678', undefined, 'EN'],
    ['+33612345678', undefined, 'EN'],
    ['+33612345678', 'FR', 'FR'],
    ['+12125551234', 'IT', 'IT'],
    ['+491701234567', 'FR', 'DE'],
    ['491701234567', undefined, 'DE'], // tolerates a missing '+'
    ['', undefined, 'EN'],
  ]
  for (const [e164, fallback, lang] of cases) {
    it(`${JSON.stringify(e164)} with fallback ${fallback ?? 'default'} is ${lang}`, () => {
      assert.equal(detectVoiceLang(e164, fallback), lang)
    })
  }

  it('matches every documented prefix', () => {
    for (const [lang, prefixes] of Object.entries(VOICE_LANG_PREFIXES)) {
      for (const prefix of prefixes) assert.equal(detectVoiceLang(`+${prefix}123456`), lang)
    }
  })
})
