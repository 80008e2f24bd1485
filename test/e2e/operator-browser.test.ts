// The operator console in a real browser: Debian's chromium driven by playwright-core against a
// started gateway whose simulator connector runs. The operator logs in with the admin token, sees
// the connector bound, creates an account and tops it up; axe-core on every page, in English and
// German. Screenshots go to test-output/operator/ (not committed).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { openBrowserPage, type BrowserPage } from '../helpers/browser-page.js'
import { smsRow } from '../helpers/sms-row.js'
import { ADMIN_TOKEN, SMS, startTestServer, type TestServer } from '../helpers/test-server.js'

describe('operator console in chromium', () => {
  let s: TestServer
  let b: BrowserPage
  let page: Page

  before(async () => {
    s = await startTestServer({}, { delivery: true })
    b = await openBrowserPage('operator')
    page = b.page
  })
  after(async () => {
    await b?.close()
    await s?.close()
  })

  /** axe-core on the page, its screenshot, and no script or CSP error meanwhile. */
  async function checkAccessibility(name: string) {
    await b.checkAccessibility(name)
    await b.shot(name)
    b.noProblems()
  }

  it('refuses a wrong operator token with a clear message', async () => {
    // The customer login links to the console.
    await page.goto(`${s.url}/`)
    await page.getByRole('heading', { name: 'Log in' }).waitFor()
    await page.getByRole('link', { name: 'Operator login' }).click()
    await page.getByRole('heading', { name: 'Operator login' }).waitFor()
    await checkAccessibility('login')
    await page.getByLabel('Operator token').fill('not-the-token')
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByRole('alert').getByText('The operator token is wrong.').waitFor()
  })

  it('logs in with the admin token and lists the accounts', async () => {
    await page.getByLabel('Operator token').fill(ADMIN_TOKEN)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor()
    await page.locator(`tr[data-account-id="${s.userId}"]`).waitFor()
    await checkAccessibility('accounts')
  })

  it("shows the simulator connector's live bind state", async () => {
    await page.getByRole('link', { name: 'Connectors' }).click()
    const row = page.locator('tr[data-connector-id="simulator"]')
    await row.getByTestId('bind-state').getByText('bound', { exact: true }).waitFor()
    await checkAccessibility('connectors')
  })

  it('creates an account and tops it up', async () => {
    await page.getByRole('link', { name: 'Accounts' }).click()
    await page.getByLabel('Name').fill('Console Browser Ltd')
    await page.getByLabel('Country').fill('de')
    await page.getByRole('button', { name: 'Create account' }).click()
    const created = await page.getByRole('status').filter({ hasText: /Account \d+ created/ })
    await created.waitFor()
    const id = Number(/Account (\d+)/.exec((await created.textContent()) ?? '')?.[1])
    assert.ok(id > 0)
    const account = await s.admin(`/admin/accounts/${id}`)
    assert.equal(account.body.name, 'Console Browser Ltd')
    assert.equal(account.body.country, 'DE')

    // The new account is chosen for the top-up already.
    assert.equal(await page.getByLabel('Account', { exact: true }).inputValue(), String(id))
    await page.getByLabel('Amount').fill('12.5')
    await page.getByRole('button', { name: 'Top up', exact: true }).click()
    await page
      .getByRole('status')
      .filter({ hasText: `account ${id} is now` })
      .waitFor()
    const after = await s.admin(`/admin/accounts/${id}`)
    assert.equal(Number(after.body.balance), Number(account.body.balance) + 12.5)
    await page
      .locator(`tr[data-account-id="${id}"]`)
      .getByTestId('account-balance')
      .getByText(String(after.body.balance), { exact: false })
      .waitFor()
    await checkAccessibility('accounts-topped-up')
  })

  it("manages an account's keys: created and shown once, disabled, deleted", async () => {
    await page.getByRole('link', { name: 'Keys', exact: true }).click()
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor()
    await page.getByText('Choose an account to see its keys.').waitFor()
    await page.getByLabel('Account', { exact: true }).selectOption(String(s.userId))
    await page.locator('tr[data-key-id]').first().waitFor()
    await checkAccessibility('keys')

    await page.getByLabel('Name').fill('Console key')
    await page.getByRole('button', { name: 'Create key' }).click()
    const token = (await page.getByTestId('new-token').textContent())?.trim() ?? ''
    assert.match(token, new RegExp(`^${s.userId}:`))
    assert.equal((await s.request('/me', { token })).status, 200)
    const keys = (await s.admin(`/admin/accounts/${s.userId}/keys`)).body.keys
    const key = keys.find((k: { name: string }) => k.name === 'Console key')
    const row = page.locator(`tr[data-key-id="${key.id}"]`)
    await row.getByRole('cell', { name: 'active' }).waitFor()

    await row.getByRole('button', { name: 'Disable: Console key' }).click()
    await row.getByRole('cell', { name: 'disabled' }).waitFor()
    assert.equal((await s.request('/me', { token })).status, 403)
    await checkAccessibility('keys-disabled')

    page.once('dialog', (d) => void d.accept())
    await row.getByRole('button', { name: 'Delete: Console key' }).click()
    await row.waitFor({ state: 'detached' })
    const after = (await s.admin(`/admin/accounts/${s.userId}/keys`)).body.keys
    assert.equal(
      after.some((k: { id: number }) => k.id === key.id),
      false,
    )
  })

  it("edits an account's price list and shows what the API refuses", async () => {
    await page.getByRole('link', { name: 'Price lists' }).click()
    await page.getByRole('heading', { name: 'Price lists', level: 1 }).waitFor()
    // The default list first, with its catch-all entry.
    await page.getByLabel('Price of entry 1').waitFor()
    await checkAccessibility('prices-default')

    await page.getByLabel('Price list', { exact: true }).selectOption(String(s.userId))
    await page.getByText('No entries: the default list applies.').waitFor()
    await page.getByRole('button', { name: 'Add entry' }).click()
    await page.getByLabel('Country of entry 1').fill('de')
    await page.getByLabel('Service of entry 1').selectOption('economy')
    await page.getByLabel('Price of entry 1').fill('abc')
    await page.getByRole('button', { name: 'Save price list' }).click()
    await page.getByRole('alert').filter({ hasText: /price/i }).waitFor()
    assert.deepEqual((await s.admin(`/admin/accounts/${s.userId}/prices`)).body.prices, [])
    await checkAccessibility('prices-refused')

    await page.getByLabel('Price of entry 1').fill('0.05')
    await page.getByRole('button', { name: 'Save price list' }).click()
    await page.getByRole('status').filter({ hasText: 'The price list is saved.' }).waitFor()
    assert.deepEqual((await s.admin(`/admin/accounts/${s.userId}/prices`)).body.prices, [
      { iso2: 'DE', service_code: 'economy', price: 0.05 },
    ])
    await checkAccessibility('prices-saved')
  })

  it('lists the routes', async () => {
    await page.getByRole('link', { name: 'Routes' }).click()
    await page.getByRole('heading', { name: 'Routes', level: 1 }).waitFor()
    await page.getByRole('cell', { name: 'simulator' }).first().waitFor()
    await checkAccessibility('routes')
  })

  it('shows the queue depth and the recent failures, read again while it is open', async () => {
    const scheduled = await s.request('/sms', {
      token: s.token,
      body: { ...SMS, delivery_at: s.clock.nowS() + 3600 },
    })
    assert.equal(scheduled.status, 201, scheduled.text)
    const failed = (n: number, phone: string) =>
      smsRow({
        uuid: `00000000-0000-7000-8000-0000000fa1${n}0`,
        account_id: s.userId,
        phone,
        state: 'rejected',
        dlr_code: 16,
        status_detail: 'err:011',
        connector_id: 'simulator',
        updated_at: s.clock.nowS() + n,
      })
    await s.ctx.deps.db.insertInto('sms').values(failed(1, '+4915123456789')).execute()
    await s.ctx.deps.db
      .insertInto('event_attempts')
      .values({
        delivery_id: 1,
        account_id: s.userId,
        webhook_id: 42,
        event_id: 'evt-browser',
        event_name: 'sms.delivery',
        attempt_number: 1,
        attempt_total: 3,
        attempted_at: s.clock.nowS(),
        ok: 0,
        http_status: 503,
        error: 'HTTP 503',
        latency_ms: 4,
      })
      .execute()

    await page.getByRole('link', { name: 'Queue and failures' }).click()
    await page.getByRole('heading', { name: 'Queue and failures', level: 1 }).waitFor()
    const scheduledRow = page.getByTestId('message-queue').locator('tr[data-state="scheduled"]')
    await scheduledRow.getByTestId('later').getByText('1', { exact: true }).waitFor()
    const messages = page.getByRole('table', { name: 'Recent failed messages' })
    const row = messages.locator('tr[data-sms-uuid="00000000-0000-7000-8000-0000000fa110"]')
    await row.getByRole('rowheader', { name: '+**********789' }).waitFor()
    await row.getByRole('cell', { name: 'err:011' }).waitFor()
    const attempts = page.getByRole('table', { name: 'Recent failed webhook calls' })
    await attempts.getByRole('cell', { name: 'HTTP 503' }).waitFor()
    await checkAccessibility('monitor')

    // A failure after the page was opened shows without a reload, on top.
    await s.ctx.deps.db.insertInto('sms').values(failed(2, '+447700900456')).execute()
    await messages
      .locator('tbody tr')
      .first()
      .getByRole('rowheader', { name: '+*********456' })
      .waitFor()
  })

  it('speaks German', async () => {
    await page.getByLabel('Language').selectOption('de')
    await page.getByRole('heading', { name: 'Warteschlange und Fehler', level: 1 }).waitFor()
    await page.getByRole('table', { name: 'Letzte fehlgeschlagene Nachrichten' }).waitFor()
    await page.getByRole('columnheader', { name: 'Jetzt fällig' }).first().waitFor()
    await checkAccessibility('monitor-de')
    await page.getByRole('link', { name: 'Verbindungen' }).click()
    await page.getByRole('heading', { name: 'Verbindungen', level: 1 }).waitFor()
    const row = page.locator('tr[data-connector-id="simulator"]')
    await row.getByTestId('bind-state').getByText('verbunden', { exact: true }).waitFor()
    await page.getByRole('columnheader', { name: 'Bind-Zustand' }).waitFor()
    await checkAccessibility('connectors-de')
    await page.getByRole('link', { name: 'Konten' }).click()
    await page.getByRole('heading', { name: 'Ein Konto aufladen' }).waitFor()
    await page.getByLabel('Betrag').waitFor()
    await checkAccessibility('accounts-de')
  })

  it('logs out back to the operator login', async () => {
    await page.getByRole('button', { name: 'Abmelden' }).click()
    await page.getByRole('heading', { name: 'Betreiber-Anmeldung' }).waitFor()
    const r = await s.request('/admin/accounts', { headers: { Cookie: 'taube_operator=x' } })
    assert.equal(r.status, 401)
  })
})
