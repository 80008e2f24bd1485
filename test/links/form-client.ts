// A small form-filling client for the hosted subscribe/unsubscribe pages over real HTTP: it keeps
// the form cookie like a browser, reads the hidden fields of the page it was last shown and posts
// them back with what the test types, from the client address it is given.
import type { TestServer } from '../helpers/test-server.js'

export type FormAnswer = { status: number; html: string; headers: Headers }

export class FormClient {
  private cookie: string | null = null
  private hidden: Record<string, string> = {}

  constructor(
    private readonly s: TestServer,
    private readonly path: string,
    private readonly opts: { ip?: string; lang?: string } = {},
  ) {}

  async open(): Promise<FormAnswer> {
    return this.remember(await fetch(this.s.url + this.path, { headers: this.headers() }))
  }

  /** Posts the hidden fields of the last page with `fields` on top. */
  async submit(
    fields: Record<string, string>,
    o: { dropCsrf?: boolean } = {},
  ): Promise<FormAnswer> {
    const form = { ...this.hidden, ...fields }
    if (o.dropCsrf) delete form.csrf
    const r = await fetch(this.s.url + this.path, {
      method: 'POST',
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    })
    return this.remember(r)
  }

  forgetCookie(): void {
    this.cookie = null
  }

  private headers(): Record<string, string> {
    const h: Record<string, string> = {}
    if (this.cookie) h.cookie = this.cookie
    if (this.opts.ip) h['x-forwarded-for'] = this.opts.ip
    if (this.opts.lang) h['accept-language'] = this.opts.lang
    return h
  }

  private async remember(r: Response): Promise<FormAnswer> {
    const set = r.headers.get('set-cookie')
    if (set) this.cookie = set.split(';')[0]!
    const html = await r.text()
    const hidden: Record<string, string> = {}
    for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      hidden[m[1]!] = m[2]!.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    }
    if (Object.keys(hidden).length > 0) this.hidden = hidden
    return { status: r.status, html, headers: r.headers }
  }
}
