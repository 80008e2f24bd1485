// Inbound SMS from an HTTP carrier over real HTTP: /callbacks/http/{id}/mo by form POST and by GET,
// stored for the account owning the inbound number, and the refusals that store nothing.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

const TOKEN = 'carrier-mo-callback-token-0123'
const INBOUND = '+4915790000042'
const SENDER = '+491761112233'
const FORM = 'application/x-www-form-urlencoded; charset=UTF-8'

describe('HTTP carrier connector: inbound SMS', () => {
  let s: TestServer
  let owner: { userId: number; token: string }

  before(async () => {
    s = await startTestServer({}, { delivery: { idleMs: 20 } })
    await configure('carrier', {
      mo: { fromParam: 'msisdn', toParam: 'shortcode', textParam: 'msg' },
    })
    await configure('no-mo', {})
    // Not the demo account, so a message landing with the wrong account shows.
    owner = await s.createAccount()
    const n = await s.admin('/admin/inbound-numbers', {
      body: { number: INBOUND, account_id: owner.userId },
    })
    assert.equal(n.status, 201, n.text)
  })
  after(() => s.close())

  async function configure(id: string, extra: object) {
    const r = await s.admin(`/admin/connectors/${id}`, {
      method: 'PUT',
      body: {
        kind: 'http',
        config: {
          url: 'http://127.0.0.1:9/send',
          params: { to: '{to}', text: '{text}' },
          callbackToken: TOKEN,
          dlr: { idParam: 'msgid', statusParam: 'status', statusMap: {} },
          ...extra,
        },
      },
    })
    assert.equal(r.status, 200, r.text)
  }
  const postForm = (id: string, fields: Record<string, string>) =>
    s.request(`/callbacks/http/${id}/mo`, {
      method: 'POST',
      headers: { 'Content-Type': FORM },
      rawBody: new URLSearchParams(fields).toString(),
    })
  const getQuery = (id: string, fields: Record<string, string>) =>
    s.request(`/callbacks/http/${id}/mo?${new URLSearchParams(fields).toString()}`)
  const incomings = async (token: string) => {
    const r = await s.request('/incomings?_order[received_at]=asc', { token })
    assert.equal(r.status, 200, r.text)
    return (r.body['hydra:member'] as Record<string, unknown>[]).map(({ from, to, text }) => ({
      from,
      to,
      text,
    }))
  }
  const storedCount = async () =>
    Number(
      (
        await s.ctx.deps.db
          .selectFrom('incomings')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('stores a form POST for the account owning the inbound number', async () => {
    const text = 'Grüße 😀 a=b&c+d'
    const r = await postForm('carrier', {
      token: TOKEN,
      msisdn: SENDER,
      shortcode: INBOUND,
      msg: text,
    })
    assert.equal(r.status, 200, r.text)
    assert.deepEqual(r.body, { status: 'ok' })
    // No polling: the 200 comes only after the commit, so the message is listed at once.
    assert.deepEqual(await incomings(owner.token), [{ from: SENDER, to: INBOUND, text }])
    assert.deepEqual(await incomings(s.token), [], 'the demo account does not own the number')
    const row = await s.ctx.deps.db
      .selectFrom('incomings')
      .selectAll()
      .where('text', '=', text)
      .executeTakeFirstOrThrow()
    assert.equal(row.connector_id, 'carrier')
    assert.equal(row.received_at, s.clock.nowMs())
  })

  it('stores a GET with the fields in the query', async () => {
    const text = 'Grüße 😀 per GET?x=1'
    s.clock.advance(1000)
    const r = await getQuery('carrier', {
      token: TOKEN,
      msisdn: '+491769990007',
      shortcode: INBOUND,
      msg: text,
    })
    assert.equal(r.status, 200, r.text)
    assert.deepEqual(r.body, { status: 'ok' })
    const listed = await incomings(owner.token)
    assert.deepEqual(listed.at(-1), { from: '+491769990007', to: INBOUND, text })
    assert.equal(listed.length, 2)
  })

  it('answers only once the message is committed', async () => {
    // SQLite: the store has one connection, so holding a transaction open holds the MO's insert
    // back. PostgreSQL: the open transaction also locks the table against writes.
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let locked!: () => void
    const isLocked = new Promise<void>((resolve) => (locked = resolve))
    const lock = s.ctx.deps.db.transaction().execute(async (trx) => {
      if (s.ctx.deps.dialect === 'postgres') {
        await sql`lock table incomings in exclusive mode`.execute(trx)
      }
      locked()
      await held
    })
    await isLocked
    const text = 'held back'
    let answered = false
    const pending = postForm('carrier', {
      token: TOKEN,
      msisdn: SENDER,
      shortcode: INBOUND,
      msg: text,
    })
    void pending.then(() => (answered = true))
    try {
      await new Promise((resolve) => setTimeout(resolve, 300))
      assert.equal(answered, false, 'no answer while the message cannot be stored')
    } finally {
      release()
      await lock
    }
    const r = await pending
    assert.equal(r.status, 200, r.text)
    assert.equal((await incomings(owner.token)).filter((i) => i.text === text).length, 1)
  })

  it('refuses a wrong or missing token with 403 and stores nothing', async () => {
    const count = await storedCount()
    const fields = { msisdn: SENDER, shortcode: INBOUND, msg: 'forged' }
    const wrong = await postForm('carrier', { ...fields, token: 'not-the-token-at-all-000' })
    assert.equal(wrong.status, 403, wrong.text)
    assert.equal(wrong.body.code, 'CALLBACK_FORBIDDEN')
    assert.equal((await getQuery('carrier', fields)).status, 403)
    // The token is checked before the mapping: a connector without one says nothing more.
    assert.equal((await getQuery('no-mo', fields)).status, 403)
    assert.equal(await storedCount(), count)
    assert.equal(
      (await incomings(owner.token)).some((i) => i.text === 'forged'),
      false,
    )
  })

  it('answers 400 naming what is missing when the text is absent, and stores nothing', async () => {
    const count = await storedCount()
    const r = await postForm('carrier', { token: TOKEN, msisdn: SENDER, shortcode: INBOUND })
    assert.equal(r.status, 400, r.text)
    assert.equal(r.body.code, 'BAD_REQUEST')
    assert.match(r.body['hydra:description'], /sender, recipient or text/)
    const noFrom = await getQuery('carrier', { token: TOKEN, shortcode: INBOUND, msg: 'x' })
    assert.equal(noFrom.status, 400, noFrom.text)
    assert.equal(await storedCount(), count)
  })

  it('answers 400 for a connector without an mo mapping', async () => {
    const count = await storedCount()
    const fields = { token: TOKEN, msisdn: SENDER, shortcode: INBOUND, msg: 'x' }
    const r = await postForm('no-mo', fields)
    assert.equal(r.status, 400, r.text)
    assert.match(r.body['hydra:description'], /no "mo" mapping/)
    assert.equal(await storedCount(), count)
  })

  it('answers 404 for an unknown connector and for one that takes no callbacks', async () => {
    const fields = { token: TOKEN, msisdn: SENDER, shortcode: INBOUND, msg: 'x' }
    const unknown = await postForm('nobody', fields)
    assert.equal(unknown.status, 404, unknown.text)
    assert.equal(unknown.body.code, 'CONNECTOR_NOT_FOUND')
    // The bootstrap simulator exists but is no HTTP connector.
    assert.equal((await getQuery('simulator', fields)).status, 404)
  })
})
