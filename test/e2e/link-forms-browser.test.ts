// The subscribe and unsubscribe forms of short-link campaigns in a real browser: Debian's
// chromium driven by playwright-core against the started gateway, whose carrier (the SMPP
// simulator) is the handset that receives the code. Each page is checked with axe-core;
// screenshots go to test-output/link-forms/ (not committed).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import type { SmscSim } from '../../src/smsc-sim/smsc-sim.js'
import { openBrowserPage, type BrowserPage } from '../helpers/browser-page.js'
import { codeSentTo, startSmppCarrier } from '../helpers/smpp-carrier.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

describe('subscribe and unsubscribe forms in chromium', () => {
  let s: TestServer
  let sim: SmscSim
  let b: BrowserPage
  let page: Page
  let groupId: number
  let subscribeUrl: string
  let unsubscribeUrl: string

  async function entryOf(phone: string) {
    const r = await s.request(`/groups/${groupId}/phones`, { token: s.token })
    assert.equal(r.status, 200, r.text)
    return (
      r.body['hydra:member'] as {
        phone: string
        subscribed_at: number | null
        unsubscribed_at: number | null
        unsubscribe_reason: number | null
      }[]
    ).find((p) => p.phone === phone)
  }

  before(async () => {
    s = await startTestServer({}, { delivery: true })
    sim = await startSmppCarrier(s)
    b = await openBrowserPage('link-forms')
    page = b.page
    const g = await s.request('/groups', { token: s.token, body: { name: 'Garden club' } })
    assert.equal(g.status, 201, g.text)
    groupId = g.body.id
    const form = async (kind: 'subscribe' | 'unsubscribe') => {
      const r = await s.request(`/short_link_campaigns/${kind}`, {
        token: s.token,
        body: { name: 'Garden club', group_id: groupId },
      })
      assert.equal(r.status, 201, r.text)
      return r.body as { id: string }
    }
    const sub = await form('subscribe')
    const unsub = await form('unsubscribe')
    subscribeUrl = `${s.url}/l/${sub.id}`
    unsubscribeUrl = `${s.url}/l/${unsub.id}`
  })
  after(async () => {
    await b?.close()
    await s?.close()
    await sim?.close()
  })

  it('subscribes with the keyboard alone: number, code from the SMS, then the group has it', async () => {
    const phone = '+491705551234'
    await page.goto(subscribeUrl)
    await page.getByRole('heading', { name: 'Subscribe to Garden club' }).waitFor()
    await b.checkAccessibility('subscribe: phone')
    await b.shot('subscribe-1-phone')
    // The number field is the first stop of the keyboard; Enter sends the form.
    await page.keyboard.press('Tab')
    assert.equal(await page.locator(':focus').getAttribute('id'), 'phone')
    await page.keyboard.type('+49 170 5551234')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor()
    await page.getByText(`We sent a code to ${phone}`).waitFor()
    await b.checkAccessibility('subscribe: code')
    await b.shot('subscribe-2-code')

    const code = await codeSentTo(sim, phone)
    await page.keyboard.press('Tab')
    assert.equal(await page.locator(':focus').getAttribute('id'), 'code')
    await page.keyboard.type(code)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'You are subscribed' }).waitFor()
    await b.checkAccessibility('subscribe: done')
    await b.shot('subscribe-3-done')

    const entry = await entryOf(phone)
    assert.ok(entry, 'the number joined the group')
    assert.equal(entry.subscribed_at, s.clock.nowS())
    assert.equal(entry.unsubscribed_at, null)
    b.noProblems()
  })

  it('shows a wrong number and a wrong code next to their fields', async () => {
    await page.goto(subscribeUrl)
    await page.getByLabel('Mobile number').fill('12ab')
    await page.getByRole('button', { name: 'Send code' }).click()
    const alert = page.getByRole('alert')
    await alert.getByText('This is not a mobile number we can send to').waitFor()
    assert.equal(await page.getByLabel('Mobile number').getAttribute('aria-invalid'), 'true')
    await b.checkAccessibility('subscribe: bad number')
    await b.shot('subscribe-bad-number')

    await page.getByLabel('Mobile number').fill('+491705559876')
    await page.getByRole('button', { name: 'Send code' }).click()
    const code = await codeSentTo(sim, '+491705559876')
    await page.getByLabel('Code from the SMS').fill(code === '000000' ? '111111' : '000000')
    await page.getByRole('button', { name: 'Subscribe' }).click()
    await page.getByRole('alert').getByText('The code is wrong. 2 tries left.').waitFor()
    await b.checkAccessibility('subscribe: wrong code')
    await b.shot('subscribe-wrong-code')
    b.noProblems()
  })

  it('unsubscribes in German, with the reason chosen; the entry is marked so bulks skip it', async () => {
    const phone = '+491705554321'
    const added = await s.request(`/groups/${groupId}/phones`, { token: s.token, body: { phone } })
    assert.equal(added.status, 201, added.text)

    const context = await b.browser.newContext({ locale: 'de-DE' })
    const de = await context.newPage()
    try {
      await de.goto(unsubscribeUrl)
      await de.getByRole('heading', { name: 'Abmelden von Garden club' }).waitFor()
      await b.checkAccessibility('unsubscribe: phone', de)
      await de.getByLabel('Handynummer').fill('0170 5554321')
      await de.getByLabel('Warum melden Sie sich ab? (freiwillig)').selectOption('too_many')
      await de.screenshot({ path: `${b.dir}/unsubscribe-1-phone.png`, fullPage: true })
      await de.getByRole('button', { name: 'Code senden' }).click()
      await de.getByRole('heading', { name: 'Code eingeben' }).waitFor()
      const code = await codeSentTo(sim, phone)
      await de.getByLabel('Code aus der SMS').fill(code)
      await de.getByRole('button', { name: 'Abmelden' }).click()
      await de.getByRole('heading', { name: 'Sie sind abgemeldet' }).waitFor()
      await b.checkAccessibility('unsubscribe: done', de)
      await de.screenshot({ path: `${b.dir}/unsubscribe-2-done.png`, fullPage: true })
    } finally {
      await context.close()
    }
    const entry = await entryOf(phone)
    assert.equal(entry?.unsubscribed_at, s.clock.nowS())
    assert.equal(entry?.unsubscribe_reason, 3)
  })
})
