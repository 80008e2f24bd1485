import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'node:http'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

const paths = (body: { violations: { propertyPath: string }[] }) =>
  body.violations.map((v) => v.propertyPath).sort()

describe('group CSV export and import', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer()
  })
  after(() => s.close())

  const newGroup = async (body: object = {}) => {
    const r = await s.request('/groups', { token: s.token, body: { name: 'CSV', ...body } })
    assert.equal(r.status, 201, r.text)
    return r.body.id as number
  }
  const batch = async (id: number, phones: object[]) => {
    const r = await s.request(`/groups/${id}/phones/batch`, { token: s.token, body: phones })
    assert.equal(r.status, 201, r.text)
    return r.body['hydra:member'] as { id: string }[]
  }
  const exportCsv = async (id: number, token = s.token) => {
    const res = await fetch(`${s.url}/groups/${id}/file/csv`, {
      headers: { 'X-LOX24-AUTH-TOKEN': token },
    })
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) }
  }
  const upload = async (
    id: number,
    content: string | Uint8Array,
    opts: { field?: string; token?: string; type?: string } = {},
  ) => {
    const form = new FormData()
    form.append(
      opts.field ?? 'file',
      new Blob([content], { type: opts.type ?? 'text/csv' }),
      'phones.csv',
    )
    const res = await fetch(`${s.url}/groups/${id}/phones/csv`, {
      method: 'POST',
      body: form,
      headers: { 'X-LOX24-AUTH-TOKEN': opts.token ?? s.token },
    })
    const text = await res.text()
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text), text }
  }
  const phonesOf = async (id: number) => {
    const out: Record<string, unknown>[] = []
    for (let page = 1; ; page++) {
      const r = await s.request(`/groups/${id}/phones?page=${page}`, { token: s.token })
      out.push(...r.body['hydra:member'])
      if (!r.body['hydra:view']['hydra:next']) return out
    }
  }
  const withoutIds = (phones: Record<string, unknown>[]) =>
    phones.map(({ id: _id, '@id': _at, ...rest }) => rest)

  it('exports exactly these bytes: header from the column names, RFC 4180 quoting, UTF-8', async () => {
    const g = await newGroup({ name_a: 'Vorname', name_c: 'Stadt, Land', name_d: 'Zitat "x"' })
    const [p1, p2, p3] = await batch(g, [
      { phone: '+491701000001', a: 'Anna', c: 'Berlin, DE', callback_data: 'cb1' },
      { phone: '+491701000002', a: 'Bernd "B"', d: 'line1\nline2', e: 'cr\r\nlf' },
      { phone: '+491701000003', a: 'Zoë 😀', b: '漢字', e: 'semi;colon' },
    ])
    const r = await exportCsv(g)
    assert.equal(r.status, 200)
    assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8')
    assert.equal(r.headers.get('content-disposition'), `attachment; filename="group-${g}.csv"`)
    const expected =
      'id,phone,Vorname,col_B,"Stadt, Land","Zitat ""x""",col_E,callback_data\r\n' +
      `${p1!.id},+491701000001,Anna,,"Berlin, DE",,,cb1\r\n` +
      `${p2!.id},+491701000002,"Bernd ""B""",,,"line1\nline2","cr\r\nlf",\r\n` +
      `${p3!.id},+491701000003,Zoë 😀,漢字,,,"semi;colon",\r\n`
    assert.deepEqual(r.bytes, Buffer.from(expected, 'utf8'))
    assert.equal(r.bytes[0], 0x69, 'no byte order mark')
  })

  it('exports an empty group as its header, and answers 404 for an unknown group', async () => {
    const g = await newGroup()
    const r = await exportCsv(g)
    assert.equal(
      r.bytes.toString('utf8'),
      'id,phone,col_A,col_B,col_C,col_D,col_E,callback_data\r\n',
    )
    const missing = await exportCsv(987654)
    assert.equal(missing.status, 404)
    assert.equal(JSON.parse(missing.bytes.toString()).code, 'GROUP_NOT_FOUND')
  })

  it('exports a group larger than one page of the export, in id order', async () => {
    const g = await newGroup()
    const phones = Array.from({ length: 2_345 }, (_, i) => ({
      phone: `+4916${String(i).padStart(8, '0')}`,
      a: `n${i}`,
    }))
    await batch(g, phones)
    const lines = (await exportCsv(g)).bytes.toString('utf8').split('\r\n')
    assert.equal(lines.length, 2_345 + 2, 'header, rows, and the empty rest after the last CRLF')
    assert.equal(lines.at(-1), '')
    assert.match(lines[1]!, /^\d+,\+491600000000,n0,,,,,$/)
    assert.match(lines[2_345]!, /^\d+,\+491600002344,n2344,,,,,$/)
  })

  it('imports its own export into another group: the same phones come back', async () => {
    const names = { name_a: 'Vorname', name_b: 'phone', name_c: 'Stadt, Land', name_d: 'Zitat "x"' }
    const a = await newGroup(names)
    await batch(a, [
      {
        phone: '+491701000001',
        a: 'Anna',
        b: 'also "phone"',
        c: 'Berlin, DE',
        callback_data: 'cb1',
      },
      { phone: '+491701000002', a: 'Bernd "B"', d: 'line1\nline2', e: 'cr\r\nlf' },
      { phone: '+491701000003', a: 'Zoë 😀', b: '漢字', e: 'semi;colon', callback_data: 'x,y' },
      { phone: '+41446681800' },
    ])
    const file = (await exportCsv(a)).bytes
    const b = await newGroup(names)
    const r = await upload(b, file)
    assert.equal(r.status, 201, r.text)
    assert.deepEqual(r.body, {
      '@context': '/contexts/PhoneImport',
      '@id': `/groups/${b}/phones/csv`,
      '@type': 'PhoneImport',
      'hydra:totalItems': 4,
      rejected: 0,
      errors: [],
      ignored_columns: [],
    })
    assert.deepEqual(withoutIds(await phonesOf(b)), withoutIds(await phonesOf(a)))
    assert.equal((await s.request(`/groups/${b}`, { token: s.token })).body.count_items, 4)

    // A group without a column named "phone" cannot place the second "phone" column.
    const c = await newGroup()
    const twice = await upload(c, file)
    assert.equal(twice.status, 422, twice.text)
    assert.match(twice.body.violations[0].message, /the column "phone" appears twice/)
    // Columns named for another group are ignored and listed; col_X and known names are read.
    const other = await upload(
      c,
      'id,phone,Vorname,col_B,"Stadt, Land",col_D,col_E,callback_data\r\n7,+491701000001,Anna,B,Berlin,D,E,cb1\r\n',
    )
    assert.equal(other.status, 201, other.text)
    assert.deepEqual(other.body.ignored_columns, ['Vorname', 'Stadt, Land'])
    const got = await phonesOf(c)
    assert.deepEqual(
      got.map((p) => [p.phone, p.a, p.b, p.c, p.d, p.e, p.callback_data]),
      [['+491701000001', null, 'B', null, 'D', 'E', 'cb1']],
    )
  })

  it('reads semicolons, any case of the column names, letters, a byte order mark and national numbers', async () => {
    const g = await newGroup({ name_b: 'Nachname' })
    const file =
      '\uFEFFPHONE;Col_A;NACHNAME;c;colD;Callback_Data;Notiz\n' +
      '0170 1000001;Anna;Ahrens;x;"1,5";cb-1;ignored\r\n' +
      '\n' +
      '+491701000002;"Semi;colon";;;;;\n'
    const r = await upload(g, file)
    assert.equal(r.status, 201, r.text)
    assert.equal(r.body['hydra:totalItems'], 2)
    assert.deepEqual(r.body.ignored_columns, ['Notiz'])
    const got = await phonesOf(g)
    assert.deepEqual(
      got.map((p) => [p.phone, p.a, p.b, p.c, p.d, p.e, p.callback_data]),
      [
        ['+491701000001', 'Anna', 'Ahrens', 'x', '1,5', null, 'cb-1'],
        ['+491701000002', 'Semi;colon', null, null, null, null, null],
      ],
    )
  })

  it('stores the good rows and reports each bad one with its line', async () => {
    const g = await newGroup()
    const file = [
      'phone,a,callback_data',
      '+491701000001,"multi',
      'line",1',
      'abc,y,2',
      '+491701000004,"z"q,3',
      '+491701000005,w,4,extra',
      ',empty phone,5',
      `+491701000007,v,${'c'.repeat(37)}`,
      '+491701000008,,',
      '',
    ].join('\r\n')
    const r = await upload(g, file)
    assert.equal(r.status, 201, r.text)
    assert.equal(r.body['hydra:totalItems'], 2)
    assert.equal(r.body.rejected, 5)
    assert.deepEqual(
      r.body.errors.map((e: { index: number; line: number; propertyPath: string }) => [
        e.index,
        e.line,
        e.propertyPath,
      ]),
      [
        [1, 4, '[1].phone'],
        [2, 5, '[2]'],
        [3, 6, '[3]'],
        [4, 7, '[4].phone'],
        [5, 8, '[5].callback_data'],
      ],
    )
    assert.match(r.body.errors[1].message, /closing quote/)
    assert.match(r.body.errors[2].message, /4 fields, the header has 3/)
    assert.equal(r.body.errors[3].message, 'is required')
    const got = await phonesOf(g)
    assert.deepEqual(
      got.map((p) => [p.phone, p.a]),
      [
        ['+491701000001', 'multi\r\nline'],
        ['+491701000008', null],
      ],
    )
    assert.equal((await s.request(`/groups/${g}`, { token: s.token })).body.count_items, 2)
  })

  it('imports thousands of rows in chunks', async () => {
    const g = await newGroup()
    let file = 'id,phone,col_A,col_B,col_C,col_D,col_E,callback_data\r\n'
    for (let i = 0; i < 5_000; i++)
      file += `${i},+4917${String(i).padStart(8, '0')},n${i},,,,,r${i}\r\n`
    const r = await upload(g, file)
    assert.equal(r.status, 201, r.text)
    assert.equal(r.body['hydra:totalItems'], 5_000)
    assert.equal((await s.request(`/groups/${g}`, { token: s.token })).body.count_items, 5_000)
    const last = await s.request(`/groups/${g}/phones?_order[id]=desc`, { token: s.token })
    assert.equal(last.body['hydra:member'][0].callback_data, 'r4999')
  })

  it('refuses files it cannot read with 422 naming the file, and stores nothing', async () => {
    const g = await newGroup()
    const cases: [string | Uint8Array, RegExp][] = [
      ['', /empty/],
      ['phone,a\r\n', /no phones/],
      ['number,a\r\n+491701000001,x\r\n', /no "phone" column/],
      ['phone,PHONE\r\n+491701000001,+491701000002\r\n', /appears twice/],
      [Buffer.from('phone,a\r\n+491701000001,M\xfcller\r\n', 'latin1'), /UTF-8/],
    ]
    for (const [file, message] of cases) {
      const r = await upload(g, file)
      assert.equal(r.status, 422, `${String(file)}: ${r.text}`)
      assert.deepEqual(paths(r.body), ['file'], String(file))
      assert.match(r.body.violations[0].message, message)
    }
    const allBad = await upload(g, 'phone,a\r\nabc,1\r\n+4,2\r\n')
    assert.equal(allBad.status, 422)
    assert.deepEqual(paths(allBad.body), ['[0].phone', '[1].phone'])
    assert.match(allBad.body.violations[0].message, /\(line 2\)$/)
    assert.equal((await s.request(`/groups/${g}`, { token: s.token })).body.count_items, 0)
  })

  it('says how to send the file when the request is not a multipart upload with a "file" field', async () => {
    const g = await newGroup()
    const wrongField = await upload(g, 'phone\r\n+491701000001\r\n', { field: 'csv' })
    assert.equal(wrongField.status, 422)
    assert.deepEqual(paths(wrongField.body), ['file'])

    const fieldsOnly = new FormData()
    fieldsOnly.append('file', 'phone\r\n+491701000001\r\n')
    const noFile = await fetch(`${s.url}/groups/${g}/phones/csv`, {
      method: 'POST',
      body: fieldsOnly,
      headers: { 'X-LOX24-AUTH-TOKEN': s.token },
    })
    assert.equal(noFile.status, 422)

    const raw = await s.request(`/groups/${g}/phones/csv`, {
      token: s.token,
      method: 'POST',
      rawBody: 'phone\r\n+491701000001\r\n',
      headers: { 'Content-Type': 'text/csv' },
    })
    assert.equal(raw.status, 400, raw.text)
    assert.match(raw.body['hydra:description'], /multipart\/form-data in the field "file"/)
    const json = await s.request(`/groups/${g}/phones/csv`, {
      token: s.token,
      body: { phone: '+491701000001' },
    })
    assert.equal(json.status, 400)
    const broken = await s.request(`/groups/${g}/phones/csv`, {
      token: s.token,
      method: 'POST',
      rawBody: 'garbage',
      headers: { 'Content-Type': 'multipart/form-data' },
    })
    assert.equal(broken.status, 400, broken.text)
    assert.equal((await upload(987654, 'phone\r\n+491701000001\r\n')).status, 404)
    assert.equal((await upload(g, 'phone\r\n+491701000001\r\n', { token: '1:wrong' })).status, 401)
    assert.equal((await s.request(`/groups/${g}`, { token: s.token })).body.count_items, 0)
  })

  it('refuses an upload declared larger than 50 MiB with 413 before reading it', async () => {
    const g = await newGroup()
    // Only the start of the declared 51 MiB is sent: the answer must come from the header alone.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${s.url}/groups/${g}/phones/csv`, {
        method: 'POST',
        headers: {
          'X-LOX24-AUTH-TOKEN': s.token,
          'Content-Type': 'multipart/form-data; boundary=x',
          'Content-Length': String(51 * 1024 * 1024),
        },
      })
      req.on('response', (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body })
          req.destroy()
        })
      })
      req.on('error', reject)
      req.write(
        '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nphone\r\n',
      )
    })
    assert.equal(answer.status, 413)
    assert.equal(JSON.parse(answer.body).code, 'PAYLOAD_TOO_LARGE')
  })

  it('stops at 50 MiB when the size was not declared: rows before the cut are stored, the cut is reported', async () => {
    const g = await newGroup()
    const head =
      '--x\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n' +
      'phone,a\r\n+491701000001,first\r\n'
    // Blank rows: read and skipped, so nothing but the size stops the import.
    const filler = Buffer.from(`${' '.repeat(1022)}\r\n`.repeat(1024))
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${s.url}/groups/${g}/phones/csv`, {
        method: 'POST',
        headers: {
          'X-LOX24-AUTH-TOKEN': s.token,
          'Content-Type': 'multipart/form-data; boundary=x',
        },
      })
      req.on('response', (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      req.on('error', reject)
      req.write(head)
      let sent = 0
      const more = () => {
        while (sent < 51) {
          sent++
          if (!req.write(filler)) return void req.once('drain', more)
        }
        req.end('+491701000002,cut\r\n--x--\r\n')
      }
      more()
    })
    assert.equal(answer.status, 201, answer.body.slice(0, 300))
    const body = JSON.parse(answer.body)
    assert.equal(body['hydra:totalItems'], 1)
    assert.deepEqual(
      body.errors.map((e: { propertyPath: string }) => e.propertyPath),
      ['file'],
    )
    assert.match(body.errors[0].message, /larger than 50 MiB/)
    assert.deepEqual(
      (await phonesOf(g)).map((p) => p.a),
      ['first'],
    )
  })
})
