// A small, strict XML scanner: just enough for SSML (elements, attributes, text, the five
// named entities and character references, comments, an XML declaration). No DTDs, no CDATA,
// no namespaces beyond keeping the prefix in the name. Pure, so the domain can parse voice text.

export type XmlNode =
  | { kind: 'element'; name: string; attributes: Record<string, string>; children: XmlNode[] }
  | { kind: 'text'; text: string }

export type XmlResult =
  { ok: true; root: XmlNode & { kind: 'element' } } | { ok: false; reason: string }

const NAME = /[A-Za-z_][\w.:-]*/y
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

class XmlError extends Error {}

/** Parses a document with exactly one root element; `reason` says what is wrong and where. */
export function parseXml(source: string): XmlResult {
  try {
    return { ok: true, root: new Scanner(source).document() }
  } catch (e) {
    if (e instanceof XmlError) return { ok: false, reason: e.message }
    throw e
  }
}

class Scanner {
  private i = 0
  constructor(private readonly s: string) {}

  document(): XmlNode & { kind: 'element' } {
    this.skipSpace()
    if (this.s.startsWith('<?xml', this.i)) this.skipPast('?>', 'the XML declaration')
    this.skipMisc()
    if (this.s[this.i] !== '<') this.fail('text before the root element')
    const root = this.element()
    this.skipMisc()
    if (this.i < this.s.length) this.fail('content after the root element')
    return root
  }

  private element(): XmlNode & { kind: 'element' } {
    const at = this.i
    this.i++ // '<'
    const name = this.name('an element name')
    const attributes: Record<string, string> = {}
    for (;;) {
      const spaced = this.skipSpace()
      const c = this.s[this.i]
      if (c === '/' && this.s[this.i + 1] === '>') {
        this.i += 2
        return { kind: 'element', name, attributes, children: [] }
      }
      if (c === '>') {
        this.i++
        break
      }
      if (c === undefined) this.fail(`<${name}> opened at character ${at + 1} is not closed`)
      if (!spaced) this.fail(`a space is missing before an attribute of <${name}>`)
      const attr = this.name(`an attribute name in <${name}>`)
      this.skipSpace()
      if (this.s[this.i] !== '=') this.fail(`attribute ${attr} of <${name}> has no value`)
      this.i++
      this.skipSpace()
      const quote = this.s[this.i]
      if (quote !== '"' && quote !== "'") this.fail(`attribute ${attr} of <${name}> is not quoted`)
      const end = this.s.indexOf(quote, this.i + 1)
      if (end < 0) this.fail(`attribute ${attr} of <${name}> is not closed`)
      const raw = this.s.slice(this.i + 1, end)
      if (raw.includes('<')) this.fail(`attribute ${attr} of <${name}> contains '<'`)
      if (Object.hasOwn(attributes, attr)) this.fail(`attribute ${attr} of <${name}> is repeated`)
      attributes[attr] = this.decode(raw)
      this.i = end + 1
    }
    const children: XmlNode[] = []
    for (;;) {
      const lt = this.s.indexOf('<', this.i)
      if (lt < 0) this.fail(`<${name}> opened at character ${at + 1} is not closed`)
      if (lt > this.i) children.push({ kind: 'text', text: this.decode(this.s.slice(this.i, lt)) })
      this.i = lt
      if (this.s.startsWith('</', this.i)) {
        this.i += 2
        const close = this.name('a closing tag name')
        this.skipSpace()
        if (this.s[this.i] !== '>') this.fail(`closing tag </${close}> is not finished`)
        this.i++
        if (close !== name) this.fail(`</${close}> closes <${name}> opened at character ${at + 1}`)
        return { kind: 'element', name, attributes, children }
      }
      if (this.s.startsWith('<!--', this.i)) this.skipPast('-->', 'a comment')
      else if (this.s.startsWith('<!', this.i) || this.s.startsWith('<?', this.i))
        this.fail('declarations and processing instructions are not supported')
      else children.push(this.element())
    }
  }

  private name(what: string): string {
    NAME.lastIndex = this.i
    const m = NAME.exec(this.s)
    if (!m) this.fail(`${what} is expected`)
    this.i += m[0].length
    return m[0]
  }

  private decode(raw: string): string {
    return raw.replace(/&([^;\s&]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) this.fail(`'&' must start an entity such as &amp;`)
      if (Object.hasOwn(ENTITIES, ref)) return ENTITIES[ref]!
      const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(ref)
      const code = m ? parseInt(m[1] ?? m[2]!, m[1] ? 16 : 10) : NaN
      if (!(code > 0 && code <= 0x10ffff)) this.fail(`unknown entity &${ref};`)
      return String.fromCodePoint(code)
    })
  }

  private skipSpace(): boolean {
    const from = this.i
    while (/\s/.test(this.s[this.i] ?? '')) this.i++
    return this.i > from
  }

  /** Space and comments, before or after the root. */
  private skipMisc(): void {
    this.skipSpace()
    while (this.s.startsWith('<!--', this.i)) {
      this.skipPast('-->', 'a comment')
      this.skipSpace()
    }
  }

  private skipPast(end: string, what: string): void {
    const at = this.s.indexOf(end, this.i)
    if (at < 0) this.fail(`${what} is not closed`)
    this.i = at + end.length
  }

  private fail(why: string): never {
    throw new XmlError(why)
  }
}
