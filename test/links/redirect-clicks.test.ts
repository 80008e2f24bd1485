import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'
import { issueShortLink } from '../../src/services/links/issue-links.js'

// GET /l/{code}: the redirect, the clicks it records behind it, and the reports that show them
// (spec §12.6–§12.9). The test (127.0.0.1) is the trusted proxy: X-Forwarded-For names the
// public client address a click comes from.

const UA = {
  iphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  android:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
  windows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0',
}

const PREVIEW_FETCHERS = [
  'WhatsApp/2.23.20.0 A',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'facebookexternalhit/1.1 Facebot Twitterbot/1.0',
  'Twitterbot/1.0',
  'TelegramBot (like TwitterBot)',
  'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'SomeCrawler/1.0',
]

type Click = { ua?: string; ip?: string; referer?: string }

describe('short-link redirects and click reports', () => {
  let s: TestServer
  let accountId: number

  before(async () => {
    s = await startTestServer({ publicUrl: 'https://gw.example.com', webhookAllowPrivate: true })
    accountId = s.userId
  })
  after(() => s.close())

  const click = async (code: string, c: Click = {}) => {
    const headers: Record<string, string> = { 'user-agent': c.ua ?? UA.iphone }
    if (c.ip) headers['x-forwarded-for'] = c.ip
    if (c.referer) headers.referer = c.referer
    const res = await fetch(`${s.url}/l/${code}`, { headers, redirect: 'manual' })
    return {
      status: res.status,
      location: res.headers.get('location'),
      res,
      text: await res.text(),
    }
  }
  const sendSms = async () => {
    const r = await s.request('/sms', { token: s.token, body: SMS })
    assert.equal(r.status, 201, r.text)
    return r.body.uuid as string
  }
  const linkFor = (target: string | null, opts: Parameters<typeof issueShortLink>[3]) =>
    issueShortLink(s.ctx.deps, accountId, target, opts)
  const get = async (path: string) => {
    const r = await s.request(path, { token: s.token })
    assert.equal(r.status, 200, `${path}: ${r.text}`)
    return r.body
  }
  const waitForClicks = (path: string, n: number) =>
    waitFor(`${n} clicks at ${path}`, async () => {
      const body = await get(path)
      // Count and page are read apart (on PostgreSQL by two connections): wait for both.
      const complete = body['hydra:totalItems'] === n && body['hydra:member'].length === n
      return complete ? body : undefined
    })

  it('answers 302 to the target, and a small 404 page for an unknown code', async () => {
    const uuid = await sendSms()
    const link = await linkFor('https://shop.example.com/a?x=1', { smsId: uuid })
    assert.equal(link.shortUrl, `https://gw.example.com/l/${link.code}`)
    const r = await click(link.code)
    assert.equal(r.status, 302)
    assert.equal(r.location, 'https://shop.example.com/a?x=1')
    assert.equal(r.res.headers.get('cache-control'), 'no-store')
    for (const code of ['Zz00Zz00', 'x', 'not-a-code!', 'a'.repeat(40)]) {
      const unknown = await click(encodeURIComponent(code))
      assert.equal(unknown.status, 404, code)
      assert.match(unknown.res.headers.get('content-type') ?? '', /^text\/html/)
      assert.match(unknown.text, /<h1>Link not found<\/h1>/)
    }
  })

  it('records each click with its parsed agent, country and referer, and filters them', async () => {
    const uuid = await sendSms()
    const link = await linkFor('https://shop.example.com/b', { smsId: uuid })
    const t0 = s.clock.nowS()
    await click(link.code, {
      ua: UA.iphone,
      ip: '8.8.8.8',
      referer: 'https://mail.example.org/inbox',
    })
    s.clock.advance(10_000)
    await click(link.code, { ua: UA.android, ip: '85.214.132.117' })
    s.clock.advance(10_000)
    await click(link.code, { ua: UA.windows, ip: '10.1.2.3', referer: 'https://news.example.net/' })
    s.clock.advance(10_000)
    await click(link.code, { ua: UA.android, ip: '2001:4860:4860::8888' })
    const path = `/sms/${uuid}/requests`
    const all = await waitForClicks(path, 4)
    const [first, second, third, fourth] = all['hydra:member']
    assert.deepEqual(
      {
        date: first.date,
        ip: first.ip,
        url: first.url,
        user_agent: first.user_agent,
        country: first.country,
        referer: first.referer,
        type: first.type,
        browser: first.browser,
        os: first.os,
        os_version: first.os_version,
        software_type: first.software_type,
        hardware_type: first.hardware_type,
        sms_uuid: first.sms_uuid,
        bulk_uuid: first.bulk_uuid,
        campaign_code: first.campaign_code,
        bot: first.bot,
      },
      {
        date: t0,
        ip: '8.8.8.8',
        url: 'https://shop.example.com/b',
        user_agent: UA.iphone,
        country: 'US',
        referer: 'https://mail.example.org/inbox',
        type: 1,
        browser: 'Safari',
        os: 'iOS',
        os_version: '17.4',
        software_type: 'browser',
        hardware_type: 'mobile',
        sms_uuid: uuid,
        bulk_uuid: null,
        campaign_code: null,
        bot: false,
      },
    )
    assert.equal(second.country, 'DE')
    assert.deepEqual([second.browser, second.os, second.os_version], ['Chrome', 'Android', '14'])
    assert.equal(third.country, null, 'a private address has no country')
    assert.equal(third.hardware_type, 'desktop')
    assert.equal(third.browser, 'Microsoft Edge')
    assert.equal(fourth.country, 'US', 'IPv6 too')

    const ips = async (q: string) =>
      ((await get(`${path}?${q}`))['hydra:member'] as { ip: string }[]).map((m) => m.ip)
    const A = '8.8.8.8'
    const B = '85.214.132.117'
    const C = '10.1.2.3'
    const D = '2001:4860:4860::8888'
    const cases: [string, string[]][] = [
      ['ip=85.214', [B]],
      ['url=SHOP.example', [A, B, C, D]],
      ['user_agent=iphone', [A]],
      ['country=US', [A, D]],
      ['country[]=DE&country[]=US', [A, B, D]],
      ['referer=NEWS', [C]],
      [`date=${t0 + 10}`, [B]],
      [`date[]=${t0}&date[]=${t0 + 20}`, [A, C]],
      [`date[between]=${t0 + 10}..${t0 + 20}`, [B, C]],
      [`date[gt]=${t0 + 10}`, [C, D]],
      [`date[gte]=${t0 + 10}`, [B, C, D]],
      [`date[lt]=${t0 + 10}`, [A]],
      [`date[lte]=${t0 + 10}`, [A, B]],
      ['type=1', [A, B, C, D]],
      ['type[]=2&type[]=3', []],
      ['browser=chrome', [B, D]],
      ['os=android', [B, D]],
      ['os_version=17', [A]],
      ['software_type=BROWSER', [A, B, C, D]],
      ['hardware_type=desk', [C]],
      ['_order[date]=desc', [D, C, B, A]],
    ]
    for (const [q, want] of cases) assert.deepEqual(await ips(q), want, q)
    const bad = await s.request(`${path}?date[gt]=soon`, { token: s.token })
    assert.equal(bad.status, 400, bad.text)
  })

  it('records bots and link-preview fetchers as such and counts only people', async () => {
    const uuid = await sendSms()
    const link = await linkFor('https://shop.example.com/c', { smsId: uuid })
    for (const ua of PREVIEW_FETCHERS) assert.equal((await click(link.code, { ua })).status, 302)
    await click(link.code, { ua: UA.iphone, ip: '8.8.4.4' })
    await click(link.code, { ua: UA.android, ip: '8.8.4.4' })
    const log = await waitForClicks(`/sms/${uuid}/requests`, PREVIEW_FETCHERS.length + 2)
    const bots = (log['hydra:member'] as { user_agent: string; bot: boolean }[]).filter(
      (m) => m.bot,
    )
    assert.deepEqual(
      bots.map((m) => m.user_agent),
      PREVIEW_FETCHERS,
    )
    const humans = (log['hydra:member'] as { bot: boolean; software_type: string }[]).filter(
      (m) => !m.bot,
    )
    assert.equal(humans.length, 2)
    for (const path of [`/sms/clicks/${uuid}`, `/sms/${uuid}/clicks`]) {
      const c = await get(path)
      assert.equal(c.requests_count, 2, path)
      assert.equal(c.uuid, uuid)
      assert.equal(c['@id'], path)
    }
    const listed = await get(`/sms/clicks?requests_count=2`)
    assert.ok(
      (listed['hydra:member'] as { uuid: string }[]).some((m) => m.uuid === uuid),
      JSON.stringify(listed),
    )
    const none = await get(`/sms/clicks?requests_count[gt]=1000`)
    assert.equal(none['hydra:totalItems'], 0)
  })

  it('counts per SMS: /sms/clicks lists only SMS with a short link, 404 for one without', async () => {
    const other = await s.createAccount({ name: 'Counter' })
    const otherId = other.userId
    const send = async () => {
      s.clock.advance(1000)
      const r = await s.request('/sms', { token: other.token, body: SMS })
      return r.body as { uuid: string; created_at: number }
    }
    const plain = await send()
    const one = await send()
    const two = await send()
    const l1 = await issueShortLink(s.ctx.deps, otherId, 'https://a.example/', { smsId: one.uuid })
    const l2 = await issueShortLink(s.ctx.deps, otherId, 'https://a.example/', { smsId: two.uuid })
    await click(l1.code)
    await click(l2.code)
    await click(l2.code, { ua: UA.android })
    await click(l2.code, { ua: 'WhatsApp/2.23.20.0 A' })
    const list = await waitFor('three human clicks counted', async () => {
      const r = await s.request('/sms/clicks', { token: other.token })
      const m = r.body['hydra:member'] as { uuid: string; requests_count: number }[]
      return m.reduce((n, x) => n + x.requests_count, 0) === 3 ? r.body : undefined
    })
    assert.deepEqual(
      (list['hydra:member'] as { uuid: string; requests_count: number; created_at: number }[]).map(
        (m) => [m.uuid, m.requests_count, m.created_at],
      ),
      [
        [one.uuid, 1, one.created_at],
        [two.uuid, 2, two.created_at],
      ],
    )
    const filtered = await s.request(
      `/sms/clicks?requests_count[]=2&created_at[gte]=${one.created_at}&_order[created_at]=desc`,
      { token: other.token },
    )
    assert.deepEqual(
      filtered.body['hydra:member'].map((m: { uuid: string }) => m.uuid),
      [two.uuid],
    )
    const noLink = await s.request(`/sms/clicks/${plain.uuid}`, { token: other.token })
    assert.equal(noLink.status, 404, noLink.text)
    const zero = await s.request(`/sms/${plain.uuid}/clicks`, { token: other.token })
    assert.equal(zero.body.requests_count, 0)
    const foreign = await s.request(`/sms/clicks/${two.uuid}`, { token: s.token })
    assert.equal(foreign.status, 404)
  })

  it('reports a bulk’s clicks, per recipient', async () => {
    const b = await s.request('/bulks', {
      token: s.token,
      body: { sender_id: 'Taube', text: 'Sale', phones: ['+491701230001', '+491701230002'] },
    })
    assert.equal(b.status, 201, b.text)
    const bulk = b.body.uuid as string
    const anna = await linkFor('https://shop.example.com/bulk', {
      bulkId: bulk,
      phone: '+491701230001',
    })
    const ben = await linkFor('https://shop.example.com/bulk', {
      bulkId: bulk,
      phone: '+491701230002',
    })
    await click(anna.code, { ip: '8.8.8.8' })
    await click(ben.code, { ip: '85.214.132.117' })
    await click(ben.code, { ua: 'Slackbot-LinkExpanding 1.0' })
    const log = await waitForClicks(`/bulks/${bulk}/requests`, 3)
    assert.deepEqual(
      (log['hydra:member'] as { phone: string; type: number; bot: boolean }[]).map((m) => [
        m.phone,
        m.type,
        m.bot,
      ]),
      [
        ['+491701230001', 2, false],
        ['+491701230002', 2, false],
        ['+491701230002', 2, true],
      ],
    )
    const de = await get(`/bulks/${bulk}/requests?country=DE`)
    assert.equal(de['hydra:totalItems'], 1)
    const missing = await s.request('/bulks/019bc186-de00-7000-8000-000000000000/requests', {
      token: s.token,
    })
    assert.equal(missing.status, 404)
  })

  it('follows a campaign’s URL, and answers 410 once the campaign is deleted', async () => {
    const c = await s.request('/short_link_campaigns', {
      token: s.token,
      body: { type: 1, name: 'Promo', url: 'https://shop.example.com/v1' },
    })
    assert.equal(c.status, 201, c.text)
    const code = c.body.id as string
    const viaSms = await linkFor(null, {
      campaign: code,
      smsId: await sendSms(),
    })
    assert.equal((await click(code)).location, 'https://shop.example.com/v1')
    assert.equal((await click(viaSms.code)).location, 'https://shop.example.com/v1')
    const put = await s.request(`/short_link_campaigns/${code}`, {
      token: s.token,
      method: 'PUT',
      body: { type: 1, name: 'Promo', url: 'https://shop.example.com/v2' },
    })
    assert.equal(put.status, 200, put.text)
    assert.equal((await click(code)).location, 'https://shop.example.com/v2')
    assert.equal((await click(viaSms.code)).location, 'https://shop.example.com/v2')
    const log = await waitForClicks(`/short_link_campaigns/${code}/requests`, 4)
    assert.deepEqual(
      (log['hydra:member'] as { url: string; campaign_code: string }[]).map((m) => m.url),
      [
        'https://shop.example.com/v1',
        'https://shop.example.com/v1',
        'https://shop.example.com/v2',
        'https://shop.example.com/v2',
      ],
    )

    const del = await s.request(`/short_link_campaigns/${code}`, {
      token: s.token,
      method: 'DELETE',
    })
    assert.equal(del.status, 204)
    for (const link of [code, viaSms.code]) {
      const gone = await click(link)
      assert.equal(gone.status, 410, link)
      assert.equal(gone.location, null)
      assert.match(gone.text, /<h1>Link no longer available<\/h1>/)
    }
    // The log of the deleted campaign stays readable, and the refused clicks are not in it.
    const after = await get(`/short_link_campaigns/${code}/requests`)
    assert.equal(after['hydra:totalItems'], 4)
    const foreign = await s.createAccount({ name: 'Peeker' })
    const theirs = await s.request(`/short_link_campaigns/${code}/requests`, {
      token: foreign.token,
    })
    assert.equal(theirs.status, 404)
  })

  it('sends link.clicked to the account’s webhooks, one event per batch', async () => {
    const hook = await s.request('/webhooks', {
      token: s.token,
      body: { uri: 'http://127.0.0.1:9/hook', events: ['link.clicked'] },
    })
    assert.equal(hook.status, 201, hook.text)
    const uuid = await sendSms()
    const link = await linkFor('https://shop.example.com/e', { smsId: uuid })
    await click(link.code, { ip: '8.8.8.8' })
    await click(link.code, { ua: 'WhatsApp/2.23.20.0 A' })
    await waitForClicks(`/sms/${uuid}/requests`, 2)
    const rows = await s.ctx.deps.db
      .selectFrom('event_deliveries')
      .select(['name', 'data'])
      .where('name', '=', 'link.clicked')
      .execute()
    const clicks = rows.flatMap(
      (r) =>
        (
          JSON.parse(r.data) as {
            clicks: { link_code: string; bot: boolean; country: string | null }[]
          }
        ).clicks,
    )
    assert.deepEqual(
      clicks.filter((c) => c.link_code === link.code).map((c) => [c.bot, c.country]),
      [
        [false, 'US'],
        [true, null],
      ],
    )
  })
})

describe('a clean stop', () => {
  it('writes the clicks still held when the server closes', async () => {
    const s = await startTestServer()
    try {
      const r = await s.request('/sms', { token: s.token, body: SMS })
      const link = await issueShortLink(s.ctx.deps, s.userId, 'https://a.example/', {
        smsId: r.body.uuid,
      })
      for (let i = 0; i < 50; i++) {
        const res = await fetch(`${s.url}/l/${link.code}`, { redirect: 'manual' })
        assert.equal(res.status, 302)
      }
      await s.app.close()
      const rows = await s.ctx.deps.db
        .selectFrom('link_clicks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('link_code', '=', link.code)
        .executeTakeFirstOrThrow()
      assert.equal(Number(rows.n), 50)
    } finally {
      await s.close()
    }
  })
})
