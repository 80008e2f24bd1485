import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  billingChars,
  escapeXml,
  isSsml,
  mergePauses,
  parseVoiceText,
  toSsml,
  totalPauseMs,
  visibleText,
} from './ssml.js'
import { voiceBlocks } from './voice-billing.js'

describe('parseVoiceText: billing', () => {
  // [text, visible text, pause ms, billed characters]
  const cases: [string, string, number, number][] = [
    ['Hello world', 'Hello world', 0, 11],
    ['  Hello   \n world  ', 'Hello world', 0, 11],
    ['a < b & c', 'a < b & c', 0, 9], // plain text: read as it stands
    ['<speak>Hello</speak>', 'Hello', 0, 5],
    ['<speak>Hi<break time="1s"/>there</speak>', 'Hithere', 1000, 7 + 2],
    ['<speak>Hi <break time="500ms"/> there</speak>', 'Hi there', 500, 8 + 1],
    ['<speak>Hi <break time="300ms"/> there</speak>', 'Hi there', 300, 8 + 1], // 0.6 → 1
    ['<speak>A<break time="1.5s"/>B<break time="250ms"/></speak>', 'AB', 1750, 2 + 4], // 3.5 → 4
    ['<speak>A<break time="10s"/></speak>', 'A', 10_000, 1 + 20],
    ['<speak>A<break time="0s"/></speak>', 'A', 0, 1],
    [
      '<speak>\n  Your verification code is <say-as interpret-as="characters">A1B2C3</say-as>.\n  <break time="1s"/>\n  Please enter it now.\n</speak>',
      'Your verification code is A1B2C3. Please enter it now.',
      1000,
      54 + 2,
    ],
    // unknown tags removed, their text kept; tags never counted
    [
      '<speak><prosody rate="slow">slow <emphasis>words</emphasis></prosody></speak>',
      'slow words',
      0,
      10,
    ],
    ['<speak><p><s>One</s> <s>two</s></p></speak>', 'One two', 0, 7],
    ['<speak><foo>x<break time="2s"/></foo></speak>', 'x', 2000, 1 + 4],
    ['<?xml version="1.0"?>\n<speak>Hi</speak>', 'Hi', 0, 2],
    ['<speak><!-- a note -->Hi</speak>', 'Hi', 0, 2],
    ['<speak>Tom &amp; Jerry &lt;3 &#x41;&#66;</speak>', 'Tom & Jerry <3 AB', 0, 17],
    ["<speak><break time='1s'/>Ü</speak>", 'Ü', 1000, 3],
    ['<speak>😀</speak>', '😀', 0, 1], // characters, not UTF-16 units
  ]
  for (const [text, visible, pauseMs, chars] of cases) {
    it(`${JSON.stringify(text)} bills ${chars}`, () => {
      const r = parseVoiceText(text)
      assert.ok(r.ok, JSON.stringify(r))
      assert.equal(visibleText(r.value), visible)
      assert.equal(totalPauseMs(r.value), pauseMs)
      assert.equal(billingChars(r.value), chars)
    })
  }
})

describe('parseVoiceText: invalid SSML', () => {
  // [text, code, a part of the reason]
  const cases: [string, string, RegExp][] = [
    ['<speak>Hello', 'SSML_INVALID', /<speak> opened at character 1 is not closed/],
    ['<speak>Hi</spek>', 'SSML_INVALID', /<\/spek> closes <speak>/],
    ['<speak><say-as interpret-as="characters">AB</speak>', 'SSML_INVALID', /closes <say-as>/],
    ['<voice>Hello</voice>', 'SSML_INVALID', /root element must be <speak>/],
    ['<speak>Hi</speak> trailing', 'SSML_INVALID', /content after the root/],
    ['<speak>Hi</speak><speak>again</speak>', 'SSML_INVALID', /content after the root/],
    ['<speak><speak>Hi</speak></speak>', 'SSML_INVALID', /only be the root/],
    ['<speak>A<break time="11s"/></speak>', 'SSML_INVALID', /longer than 10 s/],
    ['<speak>A<break time="10001ms"/></speak>', 'SSML_INVALID', /longer than 10 s/],
    ['<speak>A<break time="1 min"/></speak>', 'SSML_INVALID', /not a time such as "1s"/],
    ['<speak>A<break time="-1s"/></speak>', 'SSML_INVALID', /not a time/],
    ['<speak>A<break/></speak>', 'SSML_INVALID', /needs a time attribute/],
    ['<speak>A<break time="1s">x</break></speak>', 'SSML_INVALID', /must be empty/],
    [
      '<speak><say-as interpret-as="date">1.2.</say-as></speak>',
      'SSML_INVALID',
      /only interpret-as="characters", not "date"/,
    ],
    ['<speak><say-as>AB</say-as></speak>', 'SSML_INVALID', /not none/],
    ['<speak>A<break time=1s/></speak>', 'SSML_INVALID', /not quoted/],
    ['<speak>A<break time="1s" time="2s"/></speak>', 'SSML_INVALID', /repeated/],
    ['<speak>Fish & chips</speak>', 'SSML_INVALID', /'&' must start an entity/],
    ['<speak>&nbsp;</speak>', 'SSML_INVALID', /unknown entity &nbsp;/],
    ['<speak><![CDATA[x]]></speak>', 'SSML_INVALID', /not supported/],
    ['<speak>A<break time="1s"', 'SSML_INVALID', /not closed/],
    ['<speak>Hi <b', 'SSML_INVALID', /not closed/],
    ['<', 'SSML_INVALID', /element name is expected/],
    ['', 'TEXT_EMPTY', /nothing to speak/],
    ['   ', 'TEXT_EMPTY', /nothing to speak/],
    ['<speak> </speak>', 'TEXT_EMPTY', /nothing to speak/],
    ['<speak><break time="2s"/></speak>', 'TEXT_EMPTY', /nothing to speak/],
  ]
  for (const [text, code, reason] of cases) {
    it(`${JSON.stringify(text)} is ${code}`, () => {
      const r = parseVoiceText(text)
      assert.equal(r.ok, false)
      if (r.ok) return
      assert.equal(r.error.code, code)
      assert.match(r.error.reason, reason)
    })
  }
})

describe('toSsml', () => {
  const cases: [string, string][] = [
    ['Hi & bye <3', '<speak>Hi &amp; bye &lt;3</speak>'],
    [
      '<speak>Code <say-as interpret-as="characters">A&amp;B</say-as><break time="1.5s"/></speak>',
      '<speak>Code <say-as interpret-as="characters">A&amp;B</say-as><break time="1500ms"/></speak>',
    ],
    ['<speak><prosody rate="x-slow">slow</prosody></speak>', '<speak>slow</speak>'],
  ]
  for (const [text, ssml] of cases) {
    it(`${JSON.stringify(text)} → ${ssml}`, () => {
      const r = parseVoiceText(text)
      assert.ok(r.ok)
      assert.equal(toSsml(r.value), ssml)
      // Clean SSML parses to the same script.
      const again = parseVoiceText(ssml)
      assert.ok(again.ok)
      assert.equal(billingChars(again.value), billingChars(r.value))
    })
  }
})

describe('mergePauses', () => {
  const cases: [string, string][] = [
    [
      '<speak>a<break time="1s"/> <break time="500ms"/>b</speak>',
      '<speak>a<break time="1500ms"/> b</speak>',
    ],
    [
      '<speak>a<break time="1s"/>b<break time="2s"/></speak>',
      '<speak>a<break time="1000ms"/>b<break time="2000ms"/></speak>',
    ],
    [
      '<speak><break time="10s"/><break time="10s"/>a</speak>',
      '<speak><break time="20000ms"/>a</speak>',
    ],
    ['plain', '<speak>plain</speak>'],
  ]
  for (const [text, ssml] of cases) {
    it(`${JSON.stringify(text)} → ${ssml}`, () => {
      const r = parseVoiceText(text)
      assert.ok(r.ok)
      assert.equal(toSsml(mergePauses(r.value)), ssml)
      assert.equal(totalPauseMs(mergePauses(r.value)), totalPauseMs(r.value))
    })
  }
})

describe('voiceBlocks', () => {
  const cases: [number, number][] = [
    [1, 1],
    [160, 1],
    [161, 2],
    [1600, 10],
    [0, 1],
  ]
  for (const [chars, blocks] of cases) {
    it(`${chars} billed characters are ${blocks} blocks`, () =>
      assert.equal(voiceBlocks(chars), blocks))
  }
})

describe('escapeXml and isSsml', () => {
  const cases: [string, string][] = [
    ['Smith & Sons', 'Smith &amp; Sons'],
    ['<b>bold</b>', '&lt;b&gt;bold&lt;/b&gt;'],
    ['&amp;', '&amp;amp;'],
    ['plain', 'plain'],
  ]
  for (const [value, escaped] of cases) {
    it(`${value} → ${escaped}, and read back as the value`, () => {
      assert.equal(escapeXml(value), escaped)
      const parsed = parseVoiceText(`<speak>${escapeXml(value)}</speak>`)
      assert.ok(parsed.ok)
      assert.equal(visibleText(parsed.value), value)
    })
  }
  it('tells SSML by its first character after blanks', () => {
    assert.equal(isSsml('  <speak>x</speak>'), true)
    assert.equal(isSsml('a < b'), false)
  })
})
