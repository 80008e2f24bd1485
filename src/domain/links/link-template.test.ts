import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { asWritten, compileLinks, renderLinks, type LinkPiece } from './link-template.js'

const OWN = 'https://s.example'
/** Renders placeholders as <CODE> and tracked addresses as <target>, to show what was found. */
const show = (p: Exclude<LinkPiece, { text: string }>) =>
  'campaign' in p ? `<${p.campaign}>` : `<${p.target}>`

describe('compileLinks / renderLinks', () => {
  // text, track every address?, rendered, campaigns named, addresses tracked
  const cases: [string, boolean, string, string[], string[]][] = [
    ['Hello', false, 'Hello', [], []],
    ['Hello', true, 'Hello', [], []],
    ['Sale: [link:Ab12Cd]!', false, 'Sale: <Ab12Cd>!', ['Ab12Cd'], []],
    ['Sale: [LINK:Ab12Cd]', false, 'Sale: <Ab12Cd>', ['Ab12Cd'], []],
    ['[link:a] and [link:b] and [link:a]', false, '<a> and <b> and <a>', ['a', 'b'], []],
    // Without tracking, addresses stay as written.
    ['Go https://example.com/x.', false, 'Go https://example.com/x.', [], []],
    [
      'Go https://example.com/x.',
      true,
      'Go <https://example.com/x>.',
      [],
      ['https://example.com/x'],
    ],
    ['www.example.com', true, '<https://www.example.com>', [], ['https://www.example.com']],
    // Links on the gateway's own short domain are short links already.
    ['https://s.example/l/abc', true, 'https://s.example/l/abc', [], []],
    ['HTTPS://S.EXAMPLE/l/abc', true, 'HTTPS://S.EXAMPLE/l/abc', [], []],
    // A placeholder is never read as (part of) an address.
    [
      'https://x.example/[link:Ab]',
      true,
      '<https://x.example/><Ab>',
      ['Ab'],
      ['https://x.example/'],
    ],
    [
      '[link:Ab] https://a.example https://a.example',
      true,
      '<Ab> <https://a.example> <https://a.example>',
      ['Ab'],
      ['https://a.example'],
    ],
    // Not placeholders: brackets without the form stay text.
    ['[link:] [link: x] [Name] [link:a-b', true, '[link:] [link: x] [Name] [link:a-b', [], []],
  ]
  for (const [text, track, rendered, campaigns, urls] of cases) {
    it(`${JSON.stringify(text)} track=${track}`, () => {
      const t = compileLinks(text, { trackUrls: track, ownBase: OWN })
      assert.equal(renderLinks(t, show), rendered)
      assert.deepEqual(t.campaigns, campaigns)
      assert.deepEqual(t.targets, urls)
      assert.equal(t.hasLinks, campaigns.length + urls.length > 0)
    })
  }

  it('takes only the codes said to be campaigns; the others stay text', () => {
    const t = compileLinks('[link:Known] [link:Gone] https://a.example', {
      trackUrls: false,
      ownBase: OWN,
      isCampaign: (code) => code === 'Known',
    })
    assert.equal(renderLinks(t, show), '<Known> [link:Gone] https://a.example')
    assert.equal(renderLinks(t, asWritten), '[link:Known] [link:Gone] https://a.example')
  })

  it('renders each piece through the resolver, in order', () => {
    const t = compileLinks('a [link:X] b https://t.example c', { trackUrls: true, ownBase: OWN })
    let n = 0
    assert.equal(
      renderLinks(t, () => `L${++n}`),
      'a L1 b L2 c',
    )
  })
})
