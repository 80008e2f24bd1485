import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { slowUpload, type SlowUploadResult } from '../helpers/slow-upload.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

// Junk in a large upload is answered while the client is still sending, over a real socket: the
// server stops reading at the first sign of it and closes the connection after its answer.
describe('large uploads stop at the first sign of junk', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer()
  })
  after(() => s.close())

  const newGroup = async () => {
    const r = await s.request('/groups', { token: s.token, body: { name: 'Early stop' } })
    assert.equal(r.status, 201, r.text)
    return r.body.id as number
  }
  const count = async (g: number) =>
    (await s.request(`/groups/${g}`, { token: s.token })).body.count_items

  const CSV_HEAD =
    '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n'
  const csvUpload = (g: number, head: string | Buffer, filler: Buffer, chunks = 600) =>
    slowUpload(s.url, {
      path: `/groups/${g}/phones/csv`,
      headers: { 'X-LOX24-AUTH-TOKEN': s.token, 'Content-Type': 'multipart/form-data; boundary=x' },
      head: Buffer.concat([Buffer.from(CSV_HEAD), Buffer.from(head)]),
      filler,
      chunks,
      tail: '\r\n--x--\r\n',
    })
  const answeredEarly = (r: SlowUploadResult) => {
    assert.ok(
      r.sentBytes < r.declaredBytes,
      `answered after ${r.sentBytes} of ${r.declaredBytes} bytes`,
    )
    assert.equal(r.headers.connection, 'close')
    assert.ok(r.closedByServer, 'the server closes the connection')
    assert.ok(r.headers['x-lox24-request-id'])
  }

  it('CSV: stops at the 1,000th refused row and answers 422 while the upload goes on', async () => {
    const g = await newGroup()
    // 600 chunks of 64 KiB: a 37.5 MiB file of rows that are no phone numbers.
    const r = await csvUpload(g, 'phone,a\r\n', Buffer.from('abcd,x\r\n'.repeat(8192)))
    answeredEarly(r)
    assert.equal(r.status, 422, JSON.stringify(r.body))
    assert.equal(r.body.code, 'VALIDATION_FAILED')
    const file = r.body.violations.find((v: { propertyPath: string }) => v.propertyPath === 'file')
    assert.match(file.message, /has 1000 refused rows; reading stopped after line 1001/)
    assert.equal(r.body.violations.length, 101, 'the first 100 rows and the file')
    assert.equal(await count(g), 0)
  })

  it('CSV: good rows before the junk are stored and the stop is reported with them (201)', async () => {
    const g = await newGroup()
    const head = 'phone,a\r\n+491701000001,first\r\n+491701000002,second\r\n'
    const r = await csvUpload(g, head, Buffer.from('abcd,x\r\n'.repeat(8192)))
    answeredEarly(r)
    assert.equal(r.status, 201, JSON.stringify(r.body))
    assert.equal(r.body['hydra:totalItems'], 2)
    assert.equal(r.body.rejected, 1000)
    assert.match(r.body.errors.at(-1).message, /has 1000 refused rows/)
    assert.equal(await count(g), 2)
  })

  it('CSV: stops at bytes that are not UTF-8 (a binary file)', async () => {
    const g = await newGroup()
    const r = await csvUpload(g, 'phone,a\r\n', Buffer.alloc(64 * 1024, 0xff))
    answeredEarly(r)
    assert.equal(r.status, 422, JSON.stringify(r.body))
    assert.match(r.body.violations.at(-1).message, /is not valid UTF-8/)
  })

  it('CSV: stops at a row longer than 64 KiB (a file without line breaks)', async () => {
    const g = await newGroup()
    const r = await csvUpload(g, 'phone,a\r\n', Buffer.alloc(64 * 1024, 'x'))
    answeredEarly(r)
    assert.equal(r.status, 422, JSON.stringify(r.body))
    assert.match(
      r.body.violations.at(-1).message,
      /has a row longer than 65536 characters after line 1/,
    )
  })

  const jsonUpload = (path: string, head: string, filler: Buffer, chunks = 140) =>
    slowUpload(s.url, {
      path,
      headers: { 'X-LOX24-AUTH-TOKEN': s.token, 'Content-Type': 'application/json' },
      head,
      filler,
      chunks,
      tail: ']',
    })

  it('JSON batch: a body that turns into junk is refused at its first wrong byte (400)', async () => {
    const g = await newGroup()
    // 140 chunks of 64 KiB: 8.75 MiB, under the 10 MiB limit of the route.
    const head = '[{"phone":"+491701000001","a":"[x], {y}: \\"z\\""},\n'
    const r = await jsonUpload(`/groups/${g}/phones/batch`, head, Buffer.alloc(64 * 1024, 'x'))
    answeredEarly(r)
    assert.equal(r.status, 400, JSON.stringify(r.body))
    assert.equal(r.body.code, 'MALFORMED_JSON')
    assert.equal(
      r.body['hydra:description'],
      `The request body is not valid JSON: a value was expected at byte ${head.length}`,
    )
    assert.equal(await count(g), 0)
  })

  it('JSON: POST /groups with junk after its name is refused the same way', async () => {
    const r = await jsonUpload('/groups', '{"name":"g" junk', Buffer.alloc(64 * 1024, ' '))
    answeredEarly(r)
    assert.equal(r.status, 400, JSON.stringify(r.body))
    assert.match(r.body['hydra:description'], /',' or '}' was expected at byte 12/)
  })

  it('JSON batch: a body declared larger than the 10 MiB the route needs is refused unread (413)', async () => {
    const g = await newGroup()
    const r = await jsonUpload(`/groups/${g}/phones/batch`, '[', Buffer.alloc(64 * 1024, ' '), 170)
    assert.equal(r.status, 413, JSON.stringify(r.body))
    assert.equal(r.body.code, 'PAYLOAD_TOO_LARGE')
    assert.ok(r.sentBytes < 1024 * 1024, `answered after ${r.sentBytes} bytes`)
  })

  it('JSON batch: a large valid body is still read whole and stored', async () => {
    const g = await newGroup()
    const phones = Array.from({ length: 3000 }, (_, i) => ({
      phone: `+4917030${String(i).padStart(5, '0')}`,
      a: `Zoë "${i}" [{,:}] \\ 😀`,
      b: null,
      callback_data: `cb-${i}`,
    }))
    const body = JSON.stringify(phones, null, 1)
    assert.ok(body.length > 64 * 1024)
    const r = await s.request(`/groups/${g}/phones/batch`, {
      token: s.token,
      rawBody: body,
      headers: { 'Content-Type': 'application/json' },
    })
    assert.equal(r.status, 201, r.text.slice(0, 300))
    assert.equal(await count(g), 3000)
  })
})
