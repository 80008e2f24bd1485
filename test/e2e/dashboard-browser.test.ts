// The web dashboard in a real browser: Debian's chromium driven by playwright-core against the
// started gateway (SQLite or PostgreSQL as the run says, the simulator delivering). One browser
// for the whole file. Every page is checked with axe-core; screenshots go to
// test-output/dashboard/ (not committed).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { openBrowserPage, type BrowserPage } from '../helpers/browser-page.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { codeSentTo, startSmppCarrier } from '../helpers/smpp-carrier.js'
import type { SmscSim } from '../../src/smsc-sim/smsc-sim.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

describe('web dashboard in chromium', () => {
  let s: TestServer
  let receiver: Receiver
  /** The carrier, over SMPP: its inbox stands for the handsets (the sender number's code). */
  let sim: SmscSim
  let b: BrowserPage
  let context: BrowserContext
  let page: Page

  before(async () => {
    receiver = await startReceiver()
    s = await startTestServer(
      { webhookAllowPrivate: true },
      { delivery: true, events: true, bulks: true },
    )
    sim = await startSmppCarrier(s)
    b = await openBrowserPage('dashboard')
    ;({ context, page } = b)
    // The browser's today is the gateway's (its test clock), so the charts of recent days show
    // what the tests send; timers keep running.
    await page.clock.setFixedTime(s.clock.nowMs())
  })
  after(async () => {
    await b?.close()
    await s?.close()
    await receiver?.close()
    await sim?.close()
  })

  const userId = () => s.token.split(':')[0]!
  const token = () => s.token.split(':')[1]!

  const checkAccessibility = (name: string) => b.checkAccessibility(name)
  const shot = (name: string) => b.shot(name)
  const noProblems = () => b.noProblems()

  it('serves the page with a CSP and caching headers, and its hashed assets for good', async () => {
    const r = await fetch(`${s.url}/`)
    assert.equal(r.status, 200)
    assert.match(r.headers.get('content-type') ?? '', /^text\/html/)
    assert.equal(r.headers.get('cache-control'), 'no-cache')
    assert.match(r.headers.get('content-security-policy') ?? '', /script-src 'self'/)
    assert.equal(r.headers.get('x-frame-options'), 'DENY')
    const html = await r.text()
    const script = /src="(\/assets\/app-[A-Z0-9]+\.js)"/.exec(html)?.[1]
    assert.ok(script, html)
    const a = await fetch(`${s.url}${script}`)
    assert.equal(a.status, 200)
    assert.match(a.headers.get('content-type') ?? '', /^text\/javascript/)
    assert.equal(a.headers.get('cache-control'), 'public, max-age=31536000, immutable')
    assert.equal((await fetch(`${s.url}/assets/nope.js`)).status, 404)
  })

  it('refuses a wrong login with a clear message, and the login page is accessible', async () => {
    await page.goto(`${s.url}/`)
    await page.getByRole('heading', { name: 'Log in' }).waitFor()
    await checkAccessibility('login')
    await page.getByLabel('User id').fill(userId())
    await page.getByLabel('API key').fill('not-the-key')
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByRole('alert').getByText('User id or API key is wrong.').waitFor()
    await shot('login-wrong')
    noProblems()
  })

  it('logs in and shows balance and usage', async () => {
    await page.getByLabel('API key').fill(token())
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByTestId('balance').waitFor()
    assert.equal(await page.getByTestId('balance').textContent(), '€100.00')
    const cookies = await context.cookies()
    const session = cookies.find((c) => c.name === 'taube_session')
    assert.ok(session?.httpOnly, 'the session cookie is HttpOnly')
    assert.equal(session?.sameSite, 'Strict')
    await checkAccessibility('overview')
    await shot('overview')
    noProblems()
  })

  it('creates an API key with an IP list and shows its token once', async () => {
    await page.getByRole('link', { name: 'API keys' }).click()
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor()
    await page.getByLabel('Name').fill('Shop')
    await page.getByLabel('Allowed IP addresses').fill('127.0.0.1, 10.0.0.0/8')
    await page.getByRole('button', { name: 'Create key' }).click()
    const shown = await page.getByTestId('new-token').textContent()
    assert.match(shown ?? '', new RegExp(`^${userId()}:[A-Za-z0-9]{32}$`))
    // The new key works on the API, from an address of its list.
    const me = await s.request('/me', { token: shown! })
    assert.equal(me.status, 200, me.text)
    const row = page.locator('tr', { has: page.getByRole('rowheader', { name: 'Shop' }) })
    await row.getByText('127.0.0.1, 10.0.0.0/8').waitFor()
    await checkAccessibility('keys')
    await shot('keys')
    // Disabled, it stops working; deleted, it is gone from the list.
    await row.getByRole('button', { name: 'Disable: Shop' }).click()
    await row.getByRole('button', { name: 'Enable: Shop' }).waitFor()
    await row.getByRole('cell', { name: 'Disabled', exact: true }).waitFor()
    assert.equal((await s.request('/me', { token: shown! })).status, 403)
    page.once('dialog', (d) => void d.accept())
    await row.getByRole('button', { name: 'Delete: Shop' }).click()
    await row.waitFor({ state: 'detached' })
    noProblems()
  })

  it('creates a group, adds a phone to it and removes it again', async () => {
    await page.getByRole('link', { name: 'Groups' }).click()
    await page.getByText('No groups yet.').waitFor()
    await page.getByLabel('Group name').fill('Regulars')
    await page.getByRole('button', { name: 'Create group' }).click()
    await page.getByRole('link', { name: 'Regulars' }).click()
    await page.getByRole('heading', { name: 'Group Regulars' }).waitFor()
    await page.getByLabel('Recipient').fill('0170 1234567')
    await page.getByRole('button', { name: 'Add phone' }).click()
    // A national number takes the account's country (DE).
    await page.getByRole('rowheader', { name: '+491701234567' }).waitFor()
    await page.getByLabel('Recipient').fill('not a number')
    await page.getByRole('button', { name: 'Add phone' }).click()
    await page.getByRole('alert').filter({ hasText: /phone/ }).waitFor()
    await checkAccessibility('group')
    await shot('group')
    page.once('dialog', (d) => void d.accept())
    await page.getByRole('button', { name: 'Delete: +491701234567' }).click()
    await page.getByText('No phones in this group yet.').waitFor()
    await page.getByRole('link', { name: /Back to the groups/ }).click()
    await page.getByRole('rowheader', { name: 'Regulars' }).waitFor()
    await checkAccessibility('groups')
    noProblems()
  })

  it('adds a webhook for delivery reports', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click()
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor()
    await page.getByText('No webhooks yet.').waitFor()
    await page.getByLabel('URL or email address').fill(`${receiver.url}/hook`)
    await page.getByRole('checkbox', { name: 'sms.delivery', exact: true }).check()
    await page.getByRole('button', { name: 'Add webhook' }).click()
    const row = page.locator('tbody tr', { hasText: `${receiver.url}/hook` })
    await row.getByText('sms.delivery').waitFor()
    await checkAccessibility('webhooks')
    await shot('webhooks')
    noProblems()
  })

  it('sends an SMS with the live counter and sees it delivered in the log', async () => {
    await page.getByRole('link', { name: 'Send SMS' }).click()
    await page.getByLabel('Recipient').fill('+4915123456789')
    await page.getByLabel('Sender').fill('Taube')
    // 161 GSM characters: two parts, as the API counts them.
    await page.getByLabel('Text').fill('a'.repeat(161))
    assert.equal(await page.getByTestId('parts').textContent(), '2')
    assert.equal(await page.getByTestId('chars').textContent(), '161')
    await page.getByLabel('Text').fill('Grüße aus der Taube 🕊')
    assert.equal(await page.getByTestId('encoding').textContent(), 'Unicode (UCS-2)')
    await page.getByTestId('price').getByText('€0.075').waitFor()
    await checkAccessibility('send')
    await shot('send')
    await page.getByRole('button', { name: 'Send', exact: true }).click()
    await page.getByText('The SMS was accepted.').waitFor()

    await page.getByRole('link', { name: 'Show it' }).click()
    await page.getByRole('heading', { name: /^Message / }).waitFor()
    // The simulator delivers; the detail page shows it once reloaded.
    for (let i = 0; i < 50; i++) {
      const text = await page.locator('td[data-field="Delivery"]').textContent()
      if (text?.startsWith('delivered')) break
      await new Promise((r) => setTimeout(r, 200))
      await page.reload()
      await page.locator('td[data-field="Delivery"]').waitFor()
    }
    assert.match(
      (await page.locator('td[data-field="Delivery"]').textContent()) ?? '',
      /^delivered/,
    )
    // The receipt that delivered it, in the delivery history below the fields.
    const history = page.getByRole('table', { name: 'Delivery history' })
    await history.getByRole('rowheader', { name: 'delivered' }).waitFor()
    assert.equal(await history.locator('tbody tr').count(), 1)
    // The webhook added above got the delivery report: its attempt is listed below the history
    // once the event worker has recorded it.
    const attempts = page.getByRole('table', { name: 'Webhook attempts' })
    for (let i = 0; i < 50 && !(await attempts.isVisible()); i++) {
      await new Promise((r) => setTimeout(r, 200))
      await page.reload()
      await page.getByRole('heading', { name: 'Webhook attempts' }).waitFor()
    }
    const attempt = attempts.locator('tbody tr', { hasText: 'sms.delivery' }).first()
    await attempt.getByRole('rowheader', { name: /delivered HTTP 200/ }).waitFor()
    await attempt.getByRole('link', { name: `${receiver.url}/hook` }).waitFor()
    await attempt.getByText('attempt 1 of').waitFor()
    await checkAccessibility('message')
    await shot('message')

    await page.getByRole('link', { name: 'Messages' }).click()
    const row = page.locator('tbody tr', { hasText: 'Grüße aus der Taube' })
    await row.getByText('delivered').waitFor()
    await checkAccessibility('messages')
    await shot('messages')
    noProblems()
  })

  it("shows the webhook's attempts and sends an event again", async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click()
    await page.getByRole('link', { name: `Attempts: ${receiver.url}/hook` }).click()
    // The delivery report of the SMS above reaches the receiver; its attempt shows once reloaded.
    const attempt = page.locator('tbody tr', { hasText: 'sms.delivery' }).first()
    for (let i = 0; i < 50 && !(await attempt.isVisible()); i++) {
      await new Promise((r) => setTimeout(r, 200))
      await page.reload()
      await page.getByRole('heading', { name: /^Attempts of webhook/ }).waitFor()
    }
    await attempt.getByText('delivered').waitFor()
    const before = receiver.received.length
    await attempt.getByRole('button', { name: /^Send again/ }).click()
    await page.getByText(/^Event .* is queued again\.$/).waitFor()
    for (let i = 0; i < 50 && receiver.received.length === before; i++) {
      await new Promise((r) => setTimeout(r, 100))
    }
    assert.ok(receiver.received.length > before, 'the replayed event reached the receiver')
    await checkAccessibility('webhook-attempts')
    await shot('webhook-attempts')
    noProblems()
  })

  it('sends a bulk from a CSV file: preview with personalisation and cost, then its progress', async () => {
    const csv = join(b.dir, 'bulk.csv')
    writeFileSync(
      csv,
      'phone,first_name\n+491701234501,Anna\n+491701234502,Ben\n+491701234503,Carla\n',
    )
    await page.getByRole('link', { name: 'Bulks' }).click()
    await page.getByText('No bulks yet.').waitFor()
    await page.getByLabel('Sender').fill('Taube')
    await page.getByLabel('Text').fill('Hello [first_name], your table is ready!')
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(csv)
    await page.getByRole('button', { name: 'Preview' }).click()
    await page.getByTestId('bulk-recipients').getByText('3').waitFor()
    assert.equal(await page.getByTestId('bulk-cost').textContent(), '€0.225')
    await page.getByRole('cell', { name: 'Hello Anna, your table is ready!' }).waitFor()
    await checkAccessibility('bulk-preview')
    await shot('bulk-preview')
    await page.getByRole('button', { name: 'Send to all' }).click()
    await page.getByRole('heading', { name: /^Bulk / }).waitFor()
    await page.getByTestId('bulk-status').getByText('done').waitFor()
    await page.getByTestId('bulk-sent').getByText('3 / 3').waitFor({ timeout: 30_000 })
    await checkAccessibility('bulk')
    await shot('bulk')
    await page.getByRole('link', { name: 'Show its messages' }).click()
    await page.getByText('Page 1 of 1 (3 messages)').waitFor()
    await page.locator('tbody tr', { hasText: 'Hello Carla' }).waitFor()
    noProblems()
  })

  it('shows a received SMS in the inbox and replies to it', async () => {
    const number = await s.admin('/admin/inbound-numbers', {
      body: { number: '+4915799000001', account_id: s.userId },
    })
    assert.equal(number.status, 201, number.text)
    const mo = await s.admin('/admin/simulator/mo', {
      body: {
        from: '+491709990000',
        to: '+4915799000001',
        text: 'Table for 4?',
        connector: 'simulator',
      },
    })
    assert.ok(mo.status < 300, mo.text)
    await page.getByRole('link', { name: 'Inbox' }).click()
    const row = page.locator('tbody tr', { hasText: 'Table for 4?' })
    await row.waitFor()
    await checkAccessibility('incomings')
    await shot('incomings')
    await row.getByRole('link', { name: 'Reply: +491709990000' }).click()
    await page.getByRole('heading', { name: 'Send SMS' }).waitFor()
    assert.equal(await page.getByLabel('Recipient').inputValue(), '+491709990000')
    noProblems()
  })

  it('adds a sender number and verifies it with the code sent to it', async () => {
    await page.getByRole('link', { name: 'Sender numbers' }).click()
    await page.getByText('No sender numbers yet.').waitFor()
    await page.getByLabel('Number', { exact: true }).fill('+4915790001234')
    await page.getByRole('button', { name: 'Add number' }).click()
    const row = page.locator('tbody tr', { hasText: '+4915790001234' })
    await row.getByText('waiting for the code').waitFor()
    await checkAccessibility('senders')
    const code = await codeSentTo(sim, '+4915790001234')
    await row.getByLabel('Code: +4915790001234').fill('000000' === code ? '111111' : '000000')
    await row.getByRole('button', { name: 'Verify' }).click()
    await page.getByRole('alert').filter({ hasText: /code/i }).waitFor()
    await row.getByLabel('Code: +4915790001234').fill(code)
    await row.getByRole('button', { name: 'Verify' }).click()
    await row.getByText(/^verified/).waitFor()
    await shot('senders')
    noProblems()
  })

  it('shows the delivery reports by code and the chart of the last days on the overview', async () => {
    await page.getByRole('link', { name: 'Overview' }).click()
    const dist = page.getByTestId('dlr-distribution')
    await dist.waitFor()
    // The SMS and the bulk above: 4 delivered (the simulator's receipts), none failed.
    const delivered = dist.locator('dt:has-text("delivered (1)") + dd')
    // The bulk's receipts may still be on their way: read again until they are in.
    for (let i = 0; i < 50 && (await delivered.textContent()) !== '4'; i++) {
      await new Promise((r) => setTimeout(r, 200))
      await page.reload()
      await dist.waitFor()
    }
    assert.equal(await delivered.textContent(), '4')
    await page.getByRole('figure').locator('svg rect.bar-delivered[height="38"]').waitFor()
    // The chart's numbers, as screen readers get them: today's row (the last) shows all four.
    const today = page.getByRole('figure').locator('table tbody tr').last()
    assert.deepEqual(await today.locator('td').allTextContents(), ['4', '4', '0'])
    await checkAccessibility('overview-charts')
    await shot('overview-charts')
    noProblems()
  })

  it('filters the log and pages through it', async () => {
    for (let i = 0; i < 31; i++) {
      const r = await s.request('/sms', {
        token: s.token,
        body: { phone: '+491701234567', sender_id: 'Taube', text: `bulk ${i}` },
      })
      assert.equal(r.status, 201, r.text)
    }
    await page.getByRole('link', { name: 'Overview' }).click()
    await page.getByRole('link', { name: 'Messages' }).click()
    await page.getByText('Page 1 of 2 (35 messages)').waitFor()
    await page.getByRole('button', { name: 'Next page' }).click()
    await page.getByText('Page 2 of 2 (35 messages)').waitFor()
    assert.equal(await page.locator('tbody tr').count(), 5)
    await page.getByLabel('Text contains').fill('Grüße')
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.getByText('Page 1 of 1 (1 messages)').waitFor()
    assert.equal(await page.locator('tbody tr').count(), 1)
    assert.match(page.url(), /#\/messages\?text=Gr/)
    noProblems()
  })

  it('cancels a bulk scheduled for later from its page', async () => {
    const csv = join(b.dir, 'bulk-later.csv')
    writeFileSync(csv, 'phone\n+491701234511\n+491701234512\n')
    // A month after the gateway's clock, in the browser's local time (datetime-local).
    const at = new Date((s.clock.nowS() + 30 * 86_400) * 1000)
    const pad = (n: number) => String(n).padStart(2, '0')
    const local =
      `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}` +
      `T${pad(at.getHours())}:${pad(at.getMinutes())}`
    await page.getByRole('link', { name: 'Bulks' }).click()
    await page.getByLabel('Sender').fill('Taube')
    await page.getByLabel('Text').fill('See you next month')
    await page.getByLabel('Send at').fill(local)
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(csv)
    await page.getByRole('button', { name: 'Preview' }).click()
    await page.getByTestId('bulk-recipients').getByText('2').waitFor()
    await page.getByRole('button', { name: 'Send to all' }).click()
    await page.getByRole('heading', { name: /^Bulk / }).waitFor()
    const id = decodeURIComponent(/#\/bulks\/([^/?]+)/.exec(page.url())![1]!)
    await page.getByTestId('bulk-send-at').waitFor()
    const made = await s.request(`/bulks/${id}`, { token: s.token })
    assert.equal(made.body.delivery_at, Math.floor(at.getTime() / 1000) - at.getSeconds())
    await checkAccessibility('bulk-scheduled')

    await page.getByRole('button', { name: 'Cancel bulk' }).click()
    await page.getByRole('status').filter({ hasText: 'The bulk is cancelled' }).waitFor()
    await page.getByTestId('bulk-status').getByText('cancelled').waitFor()
    assert.equal(await page.getByRole('button', { name: 'Cancel bulk' }).count(), 0)
    const status = await s.request(`/bulks/${id}/status`, { token: s.token })
    assert.equal(status.body.status_code, 410, status.text)
    const sms = await s.request(`/sms?bulk=${id}`, { token: s.token })
    const codes = sms.body['hydra:member'].map((m: { status_code: number }) => m.status_code)
    assert.ok(codes.length === 0 || codes.every((c: number) => c === 410), JSON.stringify(codes))
    await checkAccessibility('bulk-cancelled')
    await shot('bulk-cancelled')
    await page.getByRole('link', { name: 'Messages', exact: true }).click()
    noProblems()
  })

  it('switches to German and keeps the choice', async () => {
    await page.getByLabel('Language').selectOption('de')
    await page.getByRole('heading', { name: 'Nachrichten' }).waitFor()
    assert.equal(await page.locator('html').getAttribute('lang'), 'de')
    await page.reload()
    await page.getByRole('heading', { name: 'Nachrichten' }).waitFor()
    await checkAccessibility('messages-de')
    await page.getByLabel('Sprache').selectOption('en')
    noProblems()
  })

  it('fits a phone screen', async () => {
    await page.setViewportSize({ width: 375, height: 740 })
    await page.goto(`${s.url}/#/send`)
    await page.getByLabel('Text').waitFor()
    const overflow = await page.evaluate(() => {
      const w = globalThis as any
      return w.document.documentElement.scrollWidth - w.innerWidth
    })
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`)
    await shot('send-phone')
    await page.setViewportSize({ width: 1280, height: 800 })
    noProblems()
  })

  it('logs out: the API no longer takes the cookie and the login shows again', async () => {
    const before = (await context.cookies()).find((c) => c.name === 'taube_session')!
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByRole('heading', { name: 'Log in' }).waitFor()
    assert.equal(
      (await context.cookies()).find((c) => c.name === 'taube_session'),
      undefined,
    )
    const r = await s.request('/session', { headers: { Cookie: `taube_session=${before.value}` } })
    assert.equal(r.status, 401)
    noProblems()
  })
})
