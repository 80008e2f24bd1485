// Email-to-SMS over a real SMTP socket (spec §20): nodemailer (and swaks, an independent client)
// sends to the started server; each address form and default becomes an SMS the simulator
// delivers, or a bulk to a group; unknown recipients are refused at RCPT; once the sender is
// known, problems come back as a reply mail (to a real SMTP sink) and as events at a webhook.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { createTransport, type Transporter } from 'nodemailer'
import type { MailServer } from '../../src/smtp/smtp-server.js'
import { startSmtpServer } from '../../src/app/smtp-runtime.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

const SMS_DOMAIN = 'mail2sms.example.test'
const BULK_DOMAIN = 'email2bulk.example.test'
const FROM = 'alarm@customer.example.test'

describe('email-to-SMS over SMTP', () => {
  let s: TestServer
  let sink: SmtpSink
  let rx: Receiver
  let smtp: MailServer
  let client: Transporter
  let key: string
  let local: (rest: string) => string

  before(async () => {
    sink = await startSmtpSink()
    rx = await startReceiver()
    s = await startTestServer(
      {
        webhookAllowPrivate: true,
        smtpUrl: sink.url,
        smtpFrom: 'Taube <gateway@example.test>',
        mail2smsDomain: SMS_DOMAIN,
        email2bulkDomain: BULK_DOMAIN,
        smtpMaxSizeBytes: 16_384,
      },
      { delivery: { idleMs: 20 }, events: { idleMs: 20 }, bulks: { idleMs: 20 } },
    )
    const k = await s.admin(`/admin/accounts/${s.userId}/keys`, {
      body: { name: 'mail', type: 'email2sms' },
    })
    assert.equal(k.status, 201, k.text)
    key = k.body.token
    local = (rest) => `${s.userId}.${key}.${rest}`
    const hook = await s.request('/webhooks', { token: s.token, body: { uri: `${rx.url}/hook` } })
    assert.equal(hook.status, 201, hook.text)
    smtp = (await startSmtpServer(s.ctx, { port: 0 }))!
    client = createTransport({ host: '127.0.0.1', port: smtp.port, secure: false })
  })
  after(async () => {
    client?.close()
    await s?.close()
    await rx?.close()
    await sink?.close()
  })

  const mail = (
    to: string,
    m: { subject?: string; text?: string; html?: string; messageId?: string } = {},
  ) => client.sendMail({ from: FROM, to, subject: 'Alarm', text: 'Door 3 open', ...m })
  const events = (name: string, request: string) =>
    waitFor(`${name} for ${request}`, () => {
      const e = rx.json().filter((x) => x.name === name && x.data.request === request)
      return e.length > 0 ? e : undefined
    })
  const delivered = (uuid: string) =>
    waitFor(`${uuid} delivered`, async () => {
      const m = (await s.request(`/sms/${uuid}`, { token: s.token })).body
      return m.dlr_code === 1 ? m : undefined
    })
  /** Sends, then follows the success event to the delivered SMS. */
  const sendAndDeliver = async (
    address: string,
    m: { subject?: string; text?: string; html?: string } = {},
  ) => {
    const info = await mail(address, m)
    assert.deepEqual(info.accepted, [address])
    const [event] = await events('sms.email.parsing.success', address)
    return delivered(event.data.sms)
  }
  const replyFor = (request: string) =>
    waitFor(`reply for ${request}`, () =>
      sink.mails.find((m) => m.mail.text?.includes(JSON.stringify(request))),
    )

  it('the minimal address: the simulator delivers subject and body, from email2sms', async () => {
    const address = `${local('491701234501')}@${SMS_DOMAIN}`
    const sms = await sendAndDeliver(address)
    assert.equal(sms.phone, '+491701234501')
    assert.equal(sms.text, 'Alarm\nDoor 3 open')
    assert.equal(sms.sender_id, 'email2sms', 'slot 1 is empty')
    assert.equal(sms.service_code, 'direct')
    assert.equal(sms.parts_count, 1)
    assert.equal(sms.is_unicode, false)
    const [event] = await events('sms.email.parsing.success', address)
    assert.deepEqual(event.data, { request: address, sms: sms.uuid })
  })

  it('sender ids come from the stored slots; each text source; a + in the phone', async () => {
    for (const [slot, sender_id] of [
      [1, 'Alarm'],
      [2, 'Warehouse'],
    ] as const) {
      const r = await s.request(`/sender-ids/${slot}`, {
        method: 'PUT',
        token: s.token,
        body: { sender_id },
      })
      assert.equal(r.status, 200, r.text)
    }
    const m = { subject: 'Fire', text: 'Hall B\n-- \nACME Security\n+49 30 123' }
    const cases: [string, string, string][] = [
      ['+491701234502', 'Alarm', 'Fire\nHall B'],
      ['491701234503.direct', 'Alarm', 'Fire\nHall B'],
      ['491701234504.direct.2', 'Warehouse', 'Fire\nHall B'],
      ['491701234505.direct.2.1', 'Warehouse', 'Fire'],
      ['491701234506.direct.2.2', 'Warehouse', 'Hall B'],
      ['491701234507.direct.5', 'email2sms', 'Fire\nHall B'],
    ]
    for (const [rest, sender, text] of cases) {
      const sms = await sendAndDeliver(`${local(rest)}@${SMS_DOMAIN}`, m)
      assert.equal(sms.sender_id, sender, rest)
      assert.equal(sms.text, text, rest)
    }
  })

  it('encoding 0, 1 and 2, and truncation to max_sms_parts', async () => {
    const gsm = await sendAndDeliver(`${local('491701234511.direct.1.2.0')}@${SMS_DOMAIN}`, {
      text: 'Temperatur „hoch“ 😀',
    })
    assert.equal(gsm.text, 'Temperatur "hoch" ?')
    assert.equal(gsm.is_unicode, false)
    const ucs = await sendAndDeliver(`${local('491701234512.direct.1.2.1')}@${SMS_DOMAIN}`, {
      text: 'plain',
    })
    assert.equal(ucs.is_unicode, true)
    const auto = await sendAndDeliver(`${local('491701234513.direct.1.2.2')}@${SMS_DOMAIN}`, {
      text: 'Temperatur 😀',
    })
    assert.equal(auto.is_unicode, true)
    assert.equal(auto.text, 'Temperatur 😀')
    const long = 'x'.repeat(1000)
    const one = await sendAndDeliver(`${local('491701234514.direct.1.2')}@${SMS_DOMAIN}`, {
      text: long,
    })
    assert.equal(one.text, 'x'.repeat(160))
    assert.equal(one.parts_count, 1)
    const three = await sendAndDeliver(`${local('491701234515.direct.1.2.0.3')}@${SMS_DOMAIN}`, {
      text: long,
    })
    assert.equal(three.text, 'x'.repeat(153 * 3))
    assert.equal(three.parts_count, 3)
  })

  it('a mail sent again with its Message-ID makes no second SMS', async () => {
    const address = `${local('491701234591')}@${SMS_DOMAIN}`
    const m = { messageId: '<resend-1@customer.example.test>', subject: 'Once' }
    await mail(address, m)
    await mail(address, m)
    const sent = await waitFor('two success events', async () => {
      const e = rx.json().filter((x) => x.name === 'sms.email.parsing.success')
      const mine = e.filter((x) => x.data.request === address)
      return mine.length === 2 ? mine : undefined
    })
    assert.equal(sent[0].data.sms, sent[1].data.sms)
    const list = await s.request('/sms?phone=%2B491701234591', { token: s.token })
    assert.equal(list.body['hydra:totalItems'], 1, list.text)
  })

  it('HTML-only mail is stripped; the text part wins over HTML', async () => {
    const html = await sendAndDeliver(`${local('491701234521.direct.1.2')}@${SMS_DOMAIN}`, {
      text: undefined,
      html: '<html><head><style>p{}</style></head><body><p>Water <b>leak</b></p><p>Room 4</p></body></html>',
    })
    assert.equal(html.text, 'Water leak\nRoom 4')
    const both = await sendAndDeliver(`${local('491701234522.direct.1.2')}@${SMS_DOMAIN}`, {
      text: 'plain part',
      html: '<p>html part</p>',
    })
    assert.equal(both.text, 'plain part')
  })

  it('a group address makes a bulk to the group; its SMS are delivered', async () => {
    const g = await s.request('/groups', { token: s.token, body: { name: 'On call' } })
    assert.equal(g.status, 201, g.text)
    const phones = [{ phone: '+491705550001' }, { phone: '+491705550002' }]
    const b = await s.request(`/groups/${g.body.id}/phones/batch`, {
      token: s.token,
      body: phones,
    })
    assert.equal(b.status, 201, b.text)
    const address = `${local(`${g.body.id}.direct.2.1`)}@${BULK_DOMAIN}`
    await mail(address, { subject: 'Server down' })
    const [event] = await events('bulk.email.parsing.success', address)
    const uuid = event.data.bulk as string
    const list = await waitFor('the bulk SMS', async () => {
      const r = await s.request(`/sms?bulk=${uuid}`, { token: s.token })
      const members = r.body['hydra:member'] as any[]
      return members.length === 2 ? members : undefined
    })
    for (const m of list) {
      const sms = await delivered(m.uuid)
      assert.equal(sms.text, 'Server down')
      assert.equal(sms.sender_id, 'Warehouse')
    }
    assert.deepEqual(list.map((m) => m.phone).sort(), ['+491705550001', '+491705550002'])
  })

  it('refuses unknown recipients at RCPT, silently: bad key, unknown account, other domain, other key type', async () => {
    const before = { mails: sink.mails.length, events: rx.received.length }
    const apiKey = s.token.split(':')[1]!
    const refused = [
      `${s.userId}.wrongkey0123456789.491701234531@${SMS_DOMAIN}`,
      `999999.${key}.491701234531@${SMS_DOMAIN}`,
      `${s.userId}.${apiKey}.491701234531@${SMS_DOMAIN}`,
      `${local('491701234531')}@elsewhere.example.test`,
      `postmaster@${SMS_DOMAIN}`,
    ]
    for (const to of refused) {
      await assert.rejects(mail(to), (err: any) => {
        assert.equal(err.code, 'EENVELOPE', to)
        assert.equal(err.responseCode, 550, to)
        return true
      })
    }
    // One good and one bad recipient: the good one is sent.
    const good = `${local('491701234532')}@${SMS_DOMAIN}`
    const info = await mail([refused[0]!, good].join(', '))
    assert.deepEqual(info.accepted, [good])
    assert.deepEqual(info.rejected, [refused[0]])
    await events('sms.email.parsing.success', good)
    assert.equal(sink.mails.length, before.mails, 'no reply mail to an unknown sender')
    const fails = rx.json().filter((e) => e.name.endsWith('.fail'))
    assert.ok(fails.every((e) => !refused.includes(e.data.request)))
  })

  it('after authentication, errors come back as a reply mail and a fail event', async () => {
    const cases: [string, string, RegExp][] = [
      [`${local('491701234541.direct.7')}@${SMS_DOMAIN}`, 'sender_id', /from 1 to 6/],
      [`${local('491701234542.direct.1.3')}@${SMS_DOMAIN}`, 'text_source', /from 0 to 2/],
      [`${local('491701234543.direct.1.0.5')}@${SMS_DOMAIN}`, 'encoding', /from 0 to 2/],
      [`${local('491701234544.direct.1.0.0.11')}@${SMS_DOMAIN}`, 'max_sms_parts', /1 to 10/],
      [`${local('12x4.direct')}@${SMS_DOMAIN}`, 'phone', /international/],
      [`${local('491701234545.text2speech')}@${SMS_DOMAIN}`, 'service_code', /./],
      [`${local('12345')}@${BULK_DOMAIN}`, 'group_id', /^Group with id = 12345 was not found!$/],
    ]
    for (const [address, field, description] of cases) {
      const info = await mail(address)
      assert.deepEqual(info.accepted, [address], 'accepted: the answer goes by mail')
      const reply = await replyFor(address)
      assert.equal(reply.to[0], FROM)
      const body = JSON.parse(reply.mail.text!.trim())
      assert.deepEqual(Object.keys(body), ['field', 'description', 'request'])
      assert.equal(body.field, field, address)
      assert.match(body.description, description)
      assert.equal(body.request, address)
      const kind = address.endsWith(BULK_DOMAIN) ? 'bulk' : 'sms'
      const [event] = await events(`${kind}.email.parsing.fail`, address)
      assert.deepEqual(event.data, body)
    }
  })

  it('a mail without text for the chosen source is answered, not sent', async () => {
    const address = `${local('491701234551.direct.1.1')}@${SMS_DOMAIN}`
    await mail(address, { subject: '' })
    const body = JSON.parse((await replyFor(address)).mail.text!)
    assert.equal(body.field, 'text_source')
  })

  it('refuses forwarded mail with the reason, and tells the webhook', async () => {
    const address = `${local('491701234561')}@${SMS_DOMAIN}`
    await assert.rejects(mail(address, { subject: 'Fwd: Alarm' }), (err: any) => {
      assert.equal(err.responseCode, 550)
      assert.match(err.response, /forwarded/)
      return true
    })
    const [event] = await events('sms.email.parsing.fail', address)
    assert.match(event.data.description, /forwarded/)
    assert.equal(
      sink.mails.filter((m) => m.mail.text?.includes(address)).length,
      0,
      'the 550 tells the sender; no reply mail as well',
    )
    const resent = `${local('491701234562')}@${SMS_DOMAIN}`
    await assert.rejects(
      client.sendMail({
        from: FROM,
        to: resent,
        subject: 'Alarm',
        text: 'x',
        headers: { 'Resent-From': 'someone@example.test' },
      }),
      (err: any) => err.responseCode === 550 && /resent-from/.test(err.response),
    )
  })

  it('refuses an oversized mail with 552', async () => {
    const address = `${local('491701234571')}@${SMS_DOMAIN}`
    await assert.rejects(mail(address, { text: 'y'.repeat(40_000) }), (err: any) => {
      assert.equal(err.responseCode, 552)
      return true
    })
  })

  it('swaks, an independent SMTP client, sends an SMS', async () => {
    const address = `${local('491701234581.direct.1.2')}@${SMS_DOMAIN}`
    const { stdout } = await promisify(execFile)('swaks', [
      ...['--server', '127.0.0.1', '--port', String(smtp.port)],
      ...['--from', FROM, '--to', address, '--helo', 'swaks.example.test'],
      ...['--header', 'Subject: from swaks', '--body', 'Pump 2 failed'],
    ])
    assert.match(stdout, /<- {2}250 2\.0\.0 Accepted/)
    const [event] = await events('sms.email.parsing.success', address)
    const sms = await delivered(event.data.sms)
    assert.equal(sms.text, 'Pump 2 failed')
  })
})
