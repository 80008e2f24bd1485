import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { openTestStore } from '../../../test/helpers/test-database.js'
import { smsRow, testSmsUuid } from '../../../test/helpers/sms-row.js'
import { FixedClock } from '../../../test/helpers/fixed-clock.js'
import type { Store } from '../db.js'
import { parseQuery } from '../../domain/query/parse-query.js'
import { insertSmsMany } from './sms.repository.js'
import { insertGroup } from './group.repository.js'
import {
  insertClicks,
  listClicks,
  listSmsClickCounts,
  smsClickCount,
} from './link-click.repository.js'
import { resolveShortLink } from './short-link.repository.js'
import { createCampaign, deleteCampaign } from '../../services/links/manage-campaigns.js'
import { issueShortLink, issueShortLinks } from '../../services/links/issue-links.js'
import { CLICK_FILTERS } from '../../services/links/click-filters.js'
import { SMS_CLICKS_FILTERS } from '../../services/links/click-filters.js'
import type { NewLinkClick } from '../tables/short-link.table.js'

// Campaigns, short links and their clicks against a real database of the dialect under test
// (TAUBE_TEST_DATABASE: SQLite, or PostgreSQL).
const clock = new FixedClock()
const settings = { publicUrl: 'https://gw.example.com' }

function click(over: Partial<NewLinkClick> & Pick<NewLinkClick, 'link_code'>): NewLinkClick {
  return {
    account_id: 1,
    campaign_code: null,
    sms_uuid: null,
    bulk_uuid: null,
    phone: null,
    date: clock.nowS(),
    ip: '203.0.113.7',
    url: 'https://shop.example.com/',
    user_agent: 'Mozilla/5.0',
    referer: '',
    country: null,
    type: 1,
    browser: 'Chrome',
    os: 'Android',
    os_version: '14',
    software_type: 'browser',
    hardware_type: 'mobile',
    bot: 0,
    ...over,
  }
}

describe('short links in the store', () => {
  let s: Store
  let deps: { db: Store['db']; clock: FixedClock; settings: typeof settings }
  before(async () => {
    s = await openTestStore()
    deps = { db: s.db, clock, settings }
  })
  after(() => s.close())

  it('a campaign and its own link share one code, and the link resolves to its target', async () => {
    const c = await createCampaign(deps, 1, { type: 1, name: 'Spring', url: 'https://a.example/x' })
    assert.match(c.id, /^[0-9A-Za-z]{8}$/)
    assert.equal(c.short_url, `https://gw.example.com/l/${c.id}`)
    const link = await resolveShortLink(s.db, c.id)
    assert.equal(link?.campaign_code, c.id)
    assert.equal(link?.campaign_url, 'https://a.example/x')
    assert.equal(link?.campaign_deleted_at, null)
    await deleteCampaign(deps, 1, c.id)
    assert.equal((await resolveShortLink(s.db, c.id))?.campaign_deleted_at, clock.nowS())
  })

  it('issues links for a message, a bulk and a recipient, each under its own code', async () => {
    const uuid = testSmsUuid(9001)
    const links = await issueShortLinks(deps, 1, [
      { target: 'https://b.example/1', smsId: uuid },
      { target: 'https://b.example/2', bulkId: testSmsUuid(9002), phone: '+491701111111' },
    ])
    assert.notEqual(links[0]!.code, links[1]!.code)
    const one = await resolveShortLink(s.db, links[0]!.code)
    assert.equal(one?.sms_uuid, uuid)
    assert.equal(one?.type, 1)
    const two = await resolveShortLink(s.db, links[1]!.code)
    assert.equal(two?.phone, '+491701111111')
    assert.equal(two?.type, 2)
  })

  it('filters click logs by every §12.6 field and counts human clicks per SMS', async () => {
    const uuid = testSmsUuid(9100)
    await insertSmsMany(s.db, [smsRow({ uuid, account_id: 7, created_at: 1234 })])
    const { code } = await issueShortLink({ ...deps }, 7, 'https://c.example/', { smsId: uuid })
    const base = { account_id: 7, link_code: code, sms_uuid: uuid }
    await insertClicks(s.db, [
      click({ ...base, ip: '198.51.100.1', country: 'DE', referer: 'https://Mail.example/' }),
      click({ ...base, ip: '203.0.113.9', country: 'US', browser: 'Safari', os: 'iOS' }),
      click({ ...base, user_agent: 'WhatsApp/2.23', bot: 1, browser: 'WhatsApp', date: 99 }),
    ])
    const list = async (q: Record<string, string | string[]>) => {
      const parsed = parseQuery(CLICK_FILTERS, q)
      assert.ok(parsed.ok)
      const r = await listClicks(s.db, s.dialect, 7, { smsUuid: uuid }, parsed.value)
      return r.rows.map((x) => x.ip)
    }
    assert.equal((await list({})).length, 3)
    assert.deepEqual(await list({ ip: '198.51' }), ['198.51.100.1'])
    assert.deepEqual(await list({ 'country[]': ['DE', 'US'] }), ['198.51.100.1', '203.0.113.9'])
    assert.deepEqual(await list({ referer: 'mail.EXAMPLE' }), ['198.51.100.1'])
    assert.deepEqual(await list({ browser: 'safari' }), ['203.0.113.9'])
    assert.deepEqual(await list({ 'date[lt]': '100' }), ['203.0.113.7'])
    assert.equal((await list({ user_agent: 'whatsapp' })).length, 1)
    // Another account sees nothing of it.
    const parsed = parseQuery(CLICK_FILTERS, {})
    assert.ok(parsed.ok)
    assert.equal((await listClicks(s.db, s.dialect, 8, { smsUuid: uuid }, parsed.value)).total, 0)

    assert.deepEqual(await smsClickCount(s.db, 7, uuid), {
      uuid,
      created_at: 1234,
      requests_count: 2,
    })
    assert.equal(await smsClickCount(s.db, 8, uuid), undefined)
    const counts = parseQuery(SMS_CLICKS_FILTERS, { requests_count: '2' })
    assert.ok(counts.ok)
    const r = await listSmsClickCounts(s.db, s.dialect, 7, counts.value)
    assert.deepEqual(
      r.rows.map((x) => x.uuid),
      [uuid],
    )
  })

  it('a form campaign needs a group of the account', async () => {
    const g = await insertGroup(s.db, {
      account_id: 3,
      name: 'News',
      description: null,
      name_a: null,
      name_b: null,
      name_c: null,
      name_d: null,
      name_e: null,
      deleted_at: null,
      created_at: 0,
      updated_at: 0,
    })
    const c = await createCampaign(deps, 3, { type: 3, name: 'Join', group_id: Number(g.id) })
    assert.equal(c.form, 'subscribe')
    await assert.rejects(
      createCampaign(deps, 4, { type: 3, name: 'Join', group_id: Number(g.id) }),
      (e: { violations: { propertyPath: string }[] }) =>
        e.violations[0]?.propertyPath === 'group_id',
    )
  })
})
