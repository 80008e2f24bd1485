import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { findUrls, targetOf } from './find-urls.js'

describe('findUrls', () => {
  // text → the URLs found, as written in the text
  const cases: [string, string[]][] = [
    ['no link here', []],
    ['Go to https://example.com now', ['https://example.com']],
    ['http://example.com/a?b=1&c=2#top', ['http://example.com/a?b=1&c=2#top']],
    ['HTTPS://EXAMPLE.COM/X', ['HTTPS://EXAMPLE.COM/X']],
    ['Visit www.example.com today', ['www.example.com']],
    ['WWW.Example.de/sale', ['WWW.Example.de/sale']],
    // Trailing punctuation ends a sentence, not the URL.
    ['See https://example.com.', ['https://example.com']],
    ['See https://example.com/a, then', ['https://example.com/a']],
    ['Really? https://example.com/?', ['https://example.com/']],
    ['Wow https://example.com/x!!', ['https://example.com/x']],
    ['Ends: https://example.com/x;', ['https://example.com/x']],
    ['"https://example.com/q"', ['https://example.com/q']],
    ["'https://example.com/q'", ['https://example.com/q']],
    ['„https://example.com/q“', ['https://example.com/q']],
    ['More… https://example.com/a…', ['https://example.com/a']],
    // Brackets: a closing one belongs to the URL only when the URL opened it.
    ['(see https://example.com/a)', ['https://example.com/a']],
    [
      'https://en.wikipedia.org/wiki/Taube_(Vogel)',
      ['https://en.wikipedia.org/wiki/Taube_(Vogel)'],
    ],
    ['(https://en.wikipedia.org/wiki/A_(b))', ['https://en.wikipedia.org/wiki/A_(b)']],
    ['<https://example.com/a>', ['https://example.com/a']],
    // Inner punctuation stays.
    ['https://example.com/a.b,c;d:e', ['https://example.com/a.b,c;d:e']],
    ['https://example.com:8443/p', ['https://example.com:8443/p']],
    // Several, and side by side with newlines.
    [
      'a https://a.example b www.b.example\nhttp://c.example',
      ['https://a.example', 'www.b.example', 'http://c.example'],
    ],
    // Not URLs.
    ['https:// nothing', []],
    ['http://', []],
    ['www.', []],
    ['www.example', []],
    ['mail info@www.example.com', []],
    ['ftp://example.com', []],
    ['xhttps://example.com', []],
    ['wwww.example.com', []],
    ['1.www.example.com', []],
    // Umlauts in a host are letters of the URL.
    ['https://bücher.example/ä', ['https://bücher.example/ä']],
  ]
  for (const [text, urls] of cases) {
    it(JSON.stringify(text), () => {
      const found = findUrls(text)
      assert.deepEqual(
        found.map((u) => u.url),
        urls,
      )
      for (const u of found) assert.equal(text.slice(u.start, u.end), u.url)
    })
  }
})

describe('targetOf', () => {
  const cases: [string, string][] = [
    ['https://example.com/a', 'https://example.com/a'],
    ['HTTP://example.com', 'HTTP://example.com'],
    ['www.example.com/a', 'https://www.example.com/a'],
  ]
  for (const [url, target] of cases) {
    it(`${url} → ${target}`, () => assert.equal(targetOf(url), target))
  }
})
