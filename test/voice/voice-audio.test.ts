import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'
import { wavDurationS } from '../helpers/wav.js'

describe('GET /sms/{uuid}/audio', () => {
  let s: TestServer
  let voice: { userId: number; token: string }
  let other: { userId: number; token: string }
  before(async () => {
    s = await startTestServer()
    voice = await s.createAccount({ services: ['direct', 'text2speech'] })
    other = await s.createAccount({ services: ['direct', 'text2speech'] })
  })
  after(() => s.close())

  const send = async (text: string, body: object = {}, token = voice.token) => {
    const r = await s.request('/sms', {
      token,
      body: { ...SMS, service_code: 'text2speech', text, ...body },
    })
    assert.equal(r.status, 201, r.text)
    return r.body.uuid as string
  }
  const audio = async (uuid: string, token = voice.token) => {
    const res = await fetch(`${s.url}/sms/${uuid}/audio`, {
      headers: { Authorization: `Bearer ${token.split(':')[1]}`, 'X-LOX24-AUTH-TOKEN': token },
    })
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: Buffer.from(await res.arrayBuffer()),
    }
  }
  const seconds = async (text: string, body: object = {}) => {
    const r = await audio(await send(text, body))
    assert.equal(r.status, 200, r.body.toString())
    assert.equal(r.type, 'audio/wav')
    return wavDurationS(r.body)
  }

  it('renders the pauses: a 5 s break makes the preview at least 4.5 s longer', async () => {
    const plain = await seconds('<speak>Your appointment is tomorrow. Please be on time.</speak>')
    const paused = await seconds(
      '<speak>Your appointment is tomorrow.<break time="5s"/> Please be on time.</speak>',
    )
    assert.ok(plain > 1 && plain < 10, `${plain} s for a short sentence`)
    assert.ok(paused - plain >= 4.5, `with the break ${paused} s, without ${plain} s`)
    assert.ok(paused - plain <= 6, `the break adds about 5 s, not ${paused - plain}`)
    const twice = await seconds(
      '<speak>Your appointment is tomorrow.<break time="2500ms"/><break time="2.5s"/> Please be on time.</speak>',
    )
    assert.ok(Math.abs(twice - paused) < 0.5, `two 2.5 s breaks ${twice} s, one 5 s ${paused} s`)
  })

  it('spells characters out and measures the same with sox', async () => {
    const word = await seconds('<speak>HELLO</speak>')
    const spelled = await seconds('<speak><say-as interpret-as="characters">HELLO</say-as></speak>')
    assert.ok(spelled > word + 0.5, `spelled ${spelled} s, as a word ${word} s`)

    const r = await audio(await send('<speak>Code <break time="3s"/> A B</speak>'))
    const dir = mkdtempSync(join(tmpdir(), 'wav-'))
    try {
      const file = join(dir, 'a.wav')
      writeFileSync(file, r.body)
      const sox = Number(execFileSync('/usr/bin/sox', ['--i', '-D', file], { encoding: 'utf8' }))
      assert.ok(Math.abs(sox - wavDurationS(r.body)) < 0.01, `sox ${sox} s`)
      assert.ok(sox >= 3, `${sox} s holds the 3 s pause`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reads plain text, in the language of the message', async () => {
    const en = await audio(await send('Good morning', { phone: '+447700900123' }))
    const de = await audio(await send('Good morning', { voice_lang: 'DE' }))
    assert.equal(en.status, 200)
    assert.equal(de.status, 200)
    assert.notDeepEqual(en.body, de.body, 'another voice reads it')
  })

  it("is 404 for another account's message, an SMS and an unknown id", async () => {
    const theirs = await send('<speak>secret</speak>', {}, other.token)
    const foreign = await audio(theirs)
    assert.equal(foreign.status, 404)
    assert.equal(JSON.parse(foreign.body.toString()).code, 'SMS_NOT_FOUND')
    assert.equal((await audio(theirs, other.token)).status, 200, 'its owner hears it')

    const sms = await s.request('/sms', { token: voice.token, body: SMS })
    const notVoice = await audio(sms.body.uuid)
    assert.equal(notVoice.status, 404)
    assert.match(notVoice.body.toString(), /not a text2speech message/)
    assert.equal((await audio('019bc186-de00-7000-8000-000000000000')).status, 404)
    assert.equal((await audio('nope')).status, 404)
  })
})
