// The hosted subscribe and unsubscribe forms over real HTTP: both steps, the group change, the
// lock after three wrong codes, the rate limits per phone and per address (429 with a page that
// says so), a bad phone number, and posts without the form's CSRF token.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createFormCampaign } from '../../src/services/links/manage-campaigns.js'
import { FORM_POLICY } from '../../src/services/link-forms/form-policy.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { FormClient } from './form-client.js'

describe('subscribe and unsubscribe forms', () => {
  let s: TestServer
  let groupId: number
  let subscribePath: string
  let unsubscribePath: string
  let ipCounter = 10

  /** A fresh client address per test, so the limits of one test do not reach the next. */
  const nextIp = () => `198.51.100.${ipCounter++}`

  /** The code of the newest SMS queued to the number (no carrier runs here). */
  async function codeFor(phone: string): Promise<string> {
    const row = await s.ctx.deps.db
      .selectFrom('sms')
      .select(['text'])
      .where('phone', '=', phone)
      .orderBy('created_at', 'desc')
      .orderBy('uuid', 'desc')
      .executeTakeFirstOrThrow()
    const code = /\b(\d{6})\b/.exec(row.text ?? '')?.[1]
    assert.ok(code, row.text ?? '')
    return code
  }

  async function phonesOfGroup() {
    const r = await s.request(`/groups/${groupId}/phones`, { token: s.token })
    assert.equal(r.status, 200, r.text)
    return r.body['hydra:member'] as {
      phone: string
      subscribed_at: number | null
      unsubscribed_at: number | null
      unsubscribe_reason: number | null
    }[]
  }

  before(async () => {
    s = await startTestServer()
    const g = await s.request('/groups', { token: s.token, body: { name: 'Newsletter' } })
    assert.equal(g.status, 201, g.text)
    groupId = g.body.id
    const deps = s.ctx.deps
    const sub = await createFormCampaign(deps, s.userId, 'subscribe', {
      name: 'Cafe News',
      group_id: groupId,
    })
    const unsub = await createFormCampaign(deps, s.userId, 'unsubscribe', {
      name: 'Cafe News',
      group_id: groupId,
    })
    subscribePath = `/l/${sub.id}`
    unsubscribePath = `/l/${unsub.id}`
  })
  after(async () => {
    await s?.close()
  })

  it('shows the form with labels, in English or German, with a form cookie and a strict CSP', async () => {
    const en = await new FormClient(s, subscribePath, { lang: 'en-GB,en;q=0.9' }).open()
    assert.equal(en.status, 200)
    assert.match(en.headers.get('content-type') ?? '', /^text\/html/)
    assert.match(en.html, /<html lang="en">/)
    assert.match(en.html, /<h1>Subscribe to Cafe News<\/h1>/)
    assert.match(en.html, /<label for="phone">Mobile number<\/label>/)
    assert.match(en.html, /name="csrf"/)
    assert.match(en.headers.get('content-security-policy') ?? '', /default-src 'none'/)
    assert.equal(en.headers.get('cache-control'), 'no-store')
    const cookie = en.headers.get('set-cookie') ?? ''
    assert.match(cookie, /^taube_form=[A-Za-z0-9_-]{22};/)
    assert.match(cookie, /HttpOnly/)
    assert.match(cookie, /SameSite=Strict/)

    const de = await new FormClient(s, unsubscribePath, { lang: 'de-DE,de;q=0.9,en;q=0.5' }).open()
    assert.match(de.html, /<html lang="de">/)
    assert.match(de.html, /<h1>Abmelden von Cafe News<\/h1>/)
    assert.match(de.html, /<label for="reason">Warum melden Sie sich ab\? \(freiwillig\)<\/label>/)
  })

  it('subscribes a phone: code by SMS, then the phone joins the group with subscribed_at', async () => {
    const c = new FormClient(s, subscribePath, { ip: nextIp() })
    await c.open()
    const sent = await c.submit({ phone: '+49 170 5550001' })
    assert.equal(sent.status, 200, sent.html)
    assert.match(sent.html, /We sent a code to \+491705550001/)
    const code = await codeFor('+491705550001')
    const done = await c.submit({ code })
    assert.equal(done.status, 200, done.html)
    assert.match(done.html, /You are subscribed/)
    const entry = (await phonesOfGroup()).find((p) => p.phone === '+491705550001')
    assert.ok(entry, 'the phone is in the group')
    assert.equal(entry.subscribed_at, s.clock.nowS())
    assert.equal(entry.unsubscribed_at, null)
    // The code SMS is the account's message, its text not kept once sent.
    const sms = await s.ctx.deps.db
      .selectFrom('sms')
      .select(['account_id', 'is_text_deleted', 'sender_id'])
      .where('phone', '=', '+491705550001')
      .executeTakeFirstOrThrow()
    assert.equal(Number(sms.account_id), s.userId)
    assert.equal(Number(sms.is_text_deleted), 1)
  })

  it('unsubscribes a phone with the reason chosen, and bulks to the group skip it', async () => {
    for (const phone of ['+491705550002', '+491705550003']) {
      const r = await s.request(`/groups/${groupId}/phones`, { token: s.token, body: { phone } })
      assert.equal(r.status, 201, r.text)
    }
    const before = await s.request('/bulks/dryrun', {
      token: s.token,
      body: { sender_id: 'Cafe', text: 'Hello', phones: null, msg_groups: [groupId] },
    })
    assert.equal(before.status, 201, before.text)

    const c = new FormClient(s, unsubscribePath, { ip: nextIp(), lang: 'de' })
    await c.open()
    const sent = await c.submit({ phone: '01705550002', reason: 'too_many' })
    assert.equal(sent.status, 200, sent.html)
    assert.match(sent.html, /Wir haben einen Code an \+491705550002 gesendet/)
    const code = await codeFor('+491705550002')
    const done = await c.submit({ code })
    assert.equal(done.status, 200, done.html)
    assert.match(done.html, /Sie sind abgemeldet/)
    const entry = (await phonesOfGroup()).find((p) => p.phone === '+491705550002')
    assert.equal(entry?.unsubscribed_at, s.clock.nowS())
    assert.equal(entry?.unsubscribe_reason, 3)

    const afterwards = await s.request('/bulks/dryrun', {
      token: s.token,
      body: { sender_id: 'Cafe', text: 'Hello', phones: null, msg_groups: [groupId] },
    })
    assert.equal(afterwards.body.msg_total_count, before.body.msg_total_count - 1)
  })

  it('locks the attempt at the third wrong code; then even the right code is refused', async () => {
    const c = new FormClient(s, subscribePath, { ip: nextIp() })
    await c.open()
    await c.submit({ phone: '+491705550010' })
    const code = await codeFor('+491705550010')
    const wrong = code === '000000' ? '111111' : '000000'
    const first = await c.submit({ code: wrong })
    assert.equal(first.status, 422)
    assert.match(first.html, /role="alert"[^>]*>Error: The code is wrong\. 2 tries left\./)
    assert.match(first.html, /aria-invalid="true"/)
    const second = await c.submit({ code: wrong })
    assert.equal(second.status, 422)
    assert.match(second.html, /1 try left/)
    const third = await c.submit({ code: wrong })
    assert.equal(third.status, 429)
    assert.match(third.html, /entered wrongly too often and is now locked/)
    const right = await c.submit({ code })
    assert.equal(right.status, 429)
    assert.ok(!(await phonesOfGroup()).some((p) => p.phone === '+491705550010'))
  })

  it('limits codes per phone: one a minute, five a day, with a 429 page and Retry-After', async () => {
    const phone = '+491705550020'
    const ask = async () => {
      const c = new FormClient(s, subscribePath, { ip: nextIp() })
      await c.open()
      return c.submit({ phone })
    }
    assert.equal((await ask()).status, 200)
    const soon = await ask()
    assert.equal(soon.status, 429)
    assert.equal(soon.headers.get('retry-after'), String(FORM_POLICY.phoneGapS))
    assert.match(
      soon.html,
      /role="alert"[^>]*>Error: Too many codes were asked for\. Try again in 1 minute\./,
    )
    for (let i = 1; i < FORM_POLICY.phonePerDay; i++) {
      s.clock.advance(FORM_POLICY.phoneGapS * 1000)
      assert.equal((await ask()).status, 200)
    }
    s.clock.advance(FORM_POLICY.phoneGapS * 1000)
    const sixth = await ask()
    assert.equal(sixth.status, 429)
    assert.ok(Number(sixth.headers.get('retry-after')) > 3600)
  })

  it('limits codes per client address', async () => {
    s.clock.advance(3600_000)
    const ip = nextIp()
    for (let i = 0; i < FORM_POLICY.ipPerHour; i++) {
      const c = new FormClient(s, subscribePath, { ip })
      await c.open()
      const r = await c.submit({ phone: `+4917055510${String(i).padStart(2, '0')}` })
      assert.equal(r.status, 200, r.html)
    }
    const c = new FormClient(s, subscribePath, { ip })
    await c.open()
    const r = await c.submit({ phone: '+491705551099' })
    assert.equal(r.status, 429)
    assert.match(r.html, /Too many codes were asked for/)
    // Another address is not held up.
    const other = new FormClient(s, subscribePath, { ip: nextIp() })
    await other.open()
    assert.equal((await other.submit({ phone: '+491705551099' })).status, 200)
  })

  it('answers a bad phone number with a clear error on the page', async () => {
    const c = new FormClient(s, subscribePath, { ip: nextIp() })
    await c.open()
    const r = await c.submit({ phone: '12ab' })
    assert.equal(r.status, 422)
    assert.match(
      r.html,
      /role="alert" id="phone-error">Error: This is not a mobile number we can send to/,
    )
    assert.match(
      r.html,
      /aria-describedby="phone-error phone-hint" aria-invalid="true" value="12ab"/,
    )
  })

  it('refuses posts without the CSRF token, without the cookie, or with another form’s token', async () => {
    const c = new FormClient(s, subscribePath, { ip: nextIp() })
    await c.open()
    const missing = await c.submit({ phone: '+491705550030' }, { dropCsrf: true })
    assert.equal(missing.status, 403)
    assert.match(missing.html, /This form has expired or was not sent from this page/)
    await c.open()
    c.forgetCookie()
    assert.equal((await c.submit({ phone: '+491705550030' })).status, 403)
    // The token of the unsubscribe form does not open the subscribe form.
    const u = new FormClient(s, unsubscribePath, { ip: nextIp() })
    await u.open()
    const token = (await u.open()).html.match(/name="csrf" value="([^"]+)"/)![1]!
    await c.open()
    assert.equal((await c.submit({ phone: '+491705550030', csrf: token })).status, 403)
    assert.equal((await c.submit({ phone: '+491705550030' })).status, 200)
  })

  it('answers an unknown link with a 404 page, and a post to it too', async () => {
    const c = new FormClient(s, '/l/Zz9Zz9Zz')
    assert.equal((await c.open()).status, 404)
    const r = await c.submit({ phone: '+491705550040' })
    assert.equal(r.status, 404)
    assert.match(r.html, /This form is not available/)
  })
})
