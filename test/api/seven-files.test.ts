// seven.io `files`: the check of the entries, the hosted download page over real HTTP, its
// password with the lock after wrong guesses, and expiry (410, then the sweep: 404).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AppError } from '../../src/errors/app-error.js'
import { expireFiles } from '../../src/services/files/expire-files.js'
import {
  FILE_LIMITS,
  prepareFiles,
  storeFiles,
  withFiles,
} from '../../src/services/files/attach-files.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

const PDF = Buffer.from('%PDF-1.4 a small document').toString('base64')
const BASE = 'https://sms.example.com'

function violations(fn: () => unknown): string[] {
  try {
    fn()
  } catch (e) {
    assert.ok(e instanceof AppError, String(e))
    return e.violations.map((v) => `${v.propertyPath}: ${v.message}`)
  }
  assert.fail('no error')
}

describe('prepareFiles', () => {
  it('puts a link with a random 16-character code in place of [[name]]', () => {
    const p = prepareFiles(
      'Your invoice: [[invoice.pdf]] (again: [[invoice.pdf]])',
      [{ name: 'invoice.pdf', contents: PDF }],
      BASE,
    )
    assert.equal(p.files.length, 1)
    const code = p.files[0]!.code
    assert.match(code, /^[A-Za-z0-9_-]{16}$/)
    assert.equal(p.text, `Your invoice: ${BASE}/f/${code} (again: ${BASE}/f/${code})`)
    assert.equal(p.files[0]!.validityDays, FILE_LIMITS.defaultValidityDays)
    assert.equal(p.files[0]!.password, null)
    const other = prepareFiles('[[a]]', [{ name: 'a', contents: PDF }], BASE)
    assert.notEqual(other.files[0]!.code, code)
  })

  it('takes validity as a number or a form string, and a password', () => {
    const p = prepareFiles(
      '[[a]] [[b]]',
      [
        { name: 'a', contents: PDF, validity: 7, password: 'secret' },
        { name: 'b', contents: PDF, validity: '30' },
      ],
      BASE,
    )
    assert.deepEqual(
      p.files.map((f) => [f.validityDays, f.password]),
      [
        [7, 'secret'],
        [30, null],
      ],
    )
  })

  it('names each bad field and why', () => {
    const big = Buffer.alloc(FILE_LIMITS.maxBytes + 1).toString('base64')
    assert.deepEqual(
      violations(() =>
        prepareFiles(
          'Here: [[a.pdf]] [[big]]',
          [
            { contents: PDF },
            { name: 'a.pdf', contents: 'not base64!' },
            { name: 'big', contents: big },
            { name: 'missing.pdf', contents: PDF },
            { name: 'c2', validity: 0 },
          ],
          BASE,
        ),
      ),
      [
        'files[0].name: is required',
        'files[1].contents: is not valid base64',
        `files[2].contents: at most ${FILE_LIMITS.maxBytes} bytes decoded`,
        'files[3].name: the text has no placeholder [[missing.pdf]]',
        'files[4].name: the text has no placeholder [[c2]]',
        'files[4].contents: is required',
        `files[4].validity: a whole number of days from 1 to ${FILE_LIMITS.maxValidityDays}`,
      ],
    )
    assert.deepEqual(
      violations(() => prepareFiles('x', 'files', BASE)),
      ['files: must be a list of files'],
    )
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}`, contents: PDF }))
    assert.deepEqual(
      violations(() => prepareFiles('x', six, BASE)),
      [`files: at most ${FILE_LIMITS.maxFiles} files per message`],
    )
  })
})

describe('the download page', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer()
  })
  after(() => s.close())

  async function store(entry: Record<string, unknown>): Promise<string> {
    const p = prepareFiles('[[doc.pdf]]', [{ name: 'doc.pdf', contents: PDF, ...entry }], BASE)
    const [code] = await storeFiles(s.ctx.deps, s.userId, p)
    return code!
  }

  it('shows an open file and downloads it as an attachment', async () => {
    const code = await store({})
    const page = await s.request(`/f/${code}`)
    assert.equal(page.status, 200)
    assert.match(page.headers.get('content-type')!, /^text\/html/)
    assert.match(page.text, /<html lang="en">/)
    assert.match(page.text, /<h1>doc\.pdf<\/h1>/)
    assert.match(page.text, new RegExp(`href="/f/${code}/download"`))
    assert.match(page.headers.get('content-security-policy')!, /default-src 'none'/)
    const file = await fetch(`${s.url}/f/${code}/download`)
    assert.equal(file.status, 200)
    assert.equal(file.headers.get('content-type'), 'application/octet-stream')
    assert.match(file.headers.get('content-disposition')!, /^attachment; filename="doc\.pdf"/)
    assert.equal(Buffer.from(await file.arrayBuffer()).toString(), '%PDF-1.4 a small document')
  })

  it('asks for the password of a protected file, and refuses a wrong one', async () => {
    const code = await store({ password: 'open sesame' })
    const page = await s.request(`/f/${code}`)
    assert.equal(page.status, 200)
    assert.match(page.text, /<label for="password">Password<\/label>/)
    assert.match(page.text, new RegExp(`<form method="post" action="/f/${code}/download">`))
    assert.equal((await fetch(`${s.url}/f/${code}/download`)).status, 401)
    const wrong = await s.request(`/f/${code}/download`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      rawBody: 'password=guess',
    })
    assert.equal(wrong.status, 403)
    assert.match(wrong.text, /role="alert"[^>]*>The password is wrong\./)
    const right = await fetch(`${s.url}/f/${code}/download`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'password=open+sesame',
    })
    assert.equal(right.status, 200)
    assert.equal(Buffer.from(await right.arrayBuffer()).toString(), '%PDF-1.4 a small document')
  })

  it('locks the file after five wrong passwords, also for the right one, until the lock ends', async () => {
    const code = await store({ password: 'right' })
    const post = (password: string) =>
      s.request(`/f/${code}/download`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        rawBody: `password=${password}`,
      })
    for (let i = 0; i < 4; i++) assert.equal((await post('wrong')).status, 403)
    const locked = await post('wrong')
    assert.equal(locked.status, 429)
    assert.equal(locked.headers.get('retry-after'), '900')
    assert.match(locked.text, /Too many wrong passwords\. Try again in 15 minutes\./)
    assert.equal((await post('right')).status, 429)
    s.clock.advance(15 * 60_000)
    assert.equal((await post('right')).status, 200)
  })

  it('is gone after its validity: 410 until the sweep, then 404', async () => {
    const code = await store({ validity: 1 })
    assert.equal((await s.request(`/f/${code}`)).status, 200)
    s.clock.advance(86_400_000)
    const gone = await s.request(`/f/${code}`)
    assert.equal(gone.status, 410)
    assert.match(gone.text, /expired/)
    assert.equal((await fetch(`${s.url}/f/${code}/download`)).status, 410)
    assert.ok((await expireFiles(s.ctx.deps)) >= 1)
    assert.equal((await s.request(`/f/${code}`)).status, 404)
    assert.equal((await s.request('/f/AAAAAAAAAAAAAAAA')).status, 404)
    assert.equal((await s.request('/f/..%2F..%2Fetc')).status, 404)
  })

  it('withFiles stores nothing when sending fails, and nothing at all for bad entries', async () => {
    const deps = s.ctx.deps
    let sent = ''
    await assert.rejects(
      withFiles(
        deps,
        { accountId: s.userId, text: 'See [[x]]', files: [{ name: 'x', contents: PDF }] },
        async (text) => {
          sent = text
          throw new Error('refused')
        },
      ),
      /refused/,
    )
    const code = sent.match(/\/f\/([A-Za-z0-9_-]{16})$/)![1]!
    assert.equal((await s.request(`/f/${code}`)).status, 404)
    // Sent to no one (every recipient refused): the files go too.
    let linked = ''
    await withFiles(
      deps,
      { accountId: s.userId, text: 'See [[y]]', files: [{ name: 'y', contents: PDF }] },
      async (text) => {
        linked = text
        return { ids: [] as string[] }
      },
      (r) => r.ids.length > 0,
    )
    const unsent = linked.match(/\/f\/([A-Za-z0-9_-]{16})$/)![1]!
    assert.equal((await s.request(`/f/${unsent}`)).status, 404)
    let called = false
    await assert.rejects(
      withFiles(
        deps,
        { accountId: s.userId, text: 'See', files: [{ name: 'x', contents: PDF }] },
        async () => {
          called = true
        },
      ),
      AppError,
    )
    assert.equal(called, false)
  })
})
