import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'

const VOICE = { ...SMS, service_code: 'text2speech' }
const OTP =
  '<speak>Your code is <say-as interpret-as="characters">A1B2C3</say-as>.<break time="1s"/> Bye.</speak>'

describe('POST /sms with service_code text2speech', () => {
  let s: TestServer
  let voice: { userId: number; token: string }
  before(async () => {
    s = await startTestServer()
    voice = await s.createAccount({ services: ['direct', 'text2speech'] })
    // Voice priced apart from SMS: 0.02 per started block of 160 billed characters.
    const put = await s.admin(`/admin/accounts/${voice.userId}/prices`, {
      method: 'PUT',
      body: [
        { iso2: '*', service_code: 'text2speech', price: 0.02 },
        { iso2: '*', service_code: '*', price: 0.09 },
      ],
    })
    assert.equal(put.status, 200, put.text)
  })
  after(() => s.close())

  it('bills visible characters plus 2 per second of pause, per started block', async () => {
    // "Your code is A1B2C3. Bye." = 25 characters, + 1 s pause = 2 → 27
    const r = await s.request('/sms', { token: voice.token, body: { ...VOICE, text: OTP } })
    assert.equal(r.status, 201, r.text)
    assert.equal(r.body.chars_count, 27)
    assert.equal(r.body.parts_count, 1)
    assert.equal(r.body.price, 0.02)
    assert.equal(r.body.text, OTP, 'the text is kept as sent')
    assert.equal(r.body.voice_lang, 'DE')

    const long = `<speak>${'a'.repeat(150)}<break time="10s"/></speak>` // 150 + 20 = 170 → 2 blocks
    const dry = await s.request('/sms?dryrun=1', {
      token: voice.token,
      body: { ...VOICE, text: long },
    })
    assert.equal(dry.status, 201, dry.text)
    assert.equal(dry.body.chars_count, 170)
    assert.equal(dry.body.parts_count, 2)
    assert.equal(dry.body.price, 0.04)

    const plain = await s.request('/sms', {
      token: voice.token,
      body: { ...VOICE, text: 'a <b> c' },
    })
    assert.equal(plain.body.chars_count, 7)
  })

  it('answers 422 naming the text field for invalid SSML', async () => {
    const cases: [string, RegExp][] = [
      ['<speak>Hello', /^is not valid SSML: <speak> opened at character 1 is not closed$/],
      ['<speak>A<break time="30s"/></speak>', /longer than 10 s/],
      [
        '<speak><say-as interpret-as="date">1.2.</say-as></speak>',
        /only interpret-as="characters"/,
      ],
      ['<speak><break time="1s"/></speak>', /nothing to speak/],
      [`<speak>${'a'.repeat(1601)}</speak>`, /1601 billed characters .* at most 1600/],
    ]
    for (const [text, message] of cases) {
      const r = await s.request('/sms', { token: voice.token, body: { ...VOICE, text } })
      assert.equal(r.status, 422, text)
      assert.equal(r.body.violations.length, 1)
      assert.equal(r.body.violations[0].propertyPath, 'text')
      assert.match(r.body.violations[0].message, message)
    }
    // The same text is an ordinary SMS under another service code.
    const sms = await s.request('/sms', {
      token: voice.token,
      body: { ...SMS, text: '<speak>Hello' },
    })
    assert.equal(sms.status, 201)
  })

  it("reads in the account's default language where one is set, before the prefix rules", async () => {
    const set = await s.admin(`/admin/accounts/${voice.userId}`, {
      method: 'PATCH',
      body: { voice_lang: 'IT' },
    })
    assert.equal(set.status, 200, set.text)
    assert.equal(set.body.voice_lang, 'IT')
    const bad = await s.admin(`/admin/accounts/${voice.userId}`, {
      method: 'PATCH',
      body: { voice_lang: 'RU' },
    })
    assert.equal(bad.status, 422)
    assert.match(JSON.stringify(bad.body), /voice_lang/)
    try {
      // The key cache holds the account a few seconds: wait until the change shows.
      let r
      for (let i = 0; i < 100; i++) {
        r = await s.request('/sms?dryrun=1', { token: voice.token, body: { ...VOICE } })
        if (r.body.voice_lang === 'IT') break
        await new Promise((ok) => setTimeout(ok, 50))
      }
      assert.equal(r!.body.voice_lang, 'IT')
      const given = await s.request('/sms?dryrun=1', {
        token: voice.token,
        body: { ...VOICE, voice_lang: 'ES' },
      })
      assert.equal(given.body.voice_lang, 'ES')
    } finally {
      await s.admin(`/admin/accounts/${voice.userId}`, {
        method: 'PATCH',
        body: { voice_lang: null },
      })
    }
  })
})
