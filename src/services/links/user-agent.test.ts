import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { parseUserAgent } from './user-agent.js'

describe('parseUserAgent', () => {
  const cases: [string, Partial<ReturnType<typeof parseUserAgent>>][] = [
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
      {
        browser: 'Safari',
        os: 'iOS',
        os_version: '17.4',
        software_type: 'browser',
        hardware_type: 'mobile',
        bot: false,
      },
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.0 Mobile/15E148 Safari/604.1',
      { os: 'iOS', hardware_type: 'tablet', bot: false },
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
      { browser: 'Chrome', os: 'Windows', os_version: '10', hardware_type: 'desktop', bot: false },
    ],
    ['WhatsApp/2.23.20.0 A', { software_type: 'bot', bot: true }],
    [
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      { software_type: 'bot', hardware_type: 'bot', bot: true },
    ],
    ['facebookexternalhit/1.1 Facebot Twitterbot/1.0', { software_type: 'bot', bot: true }],
    ['Twitterbot/1.0', { bot: true }],
    ['TelegramBot (like TwitterBot)', { bot: true }],
    ['Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)', { bot: true }],
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', { bot: true }],
    ['my-spider/0.1', { bot: true }],
    ['ExampleCrawler', { bot: true }],
    ['', { browser: '', software_type: 'bot', bot: true }],
  ]
  for (const [ua, want] of cases) {
    it(ua === '' ? '(no user agent)' : ua.slice(0, 60), () => {
      const got = parseUserAgent(ua)
      for (const [k, v] of Object.entries(want)) {
        assert.equal(got[k as keyof typeof got], v, k)
      }
    })
  }
})
