// `taube serve --role smtp`: the email-to-SMS server in a process of its own, beside an API
// process on the same database; a mail it accepts is an SMS the API shows. SIGTERM stops it.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createTransport } from 'nodemailer'
import { startTaube, type RunningTaube } from '../helpers/cli.js'
import { http } from '../helpers/http.js'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js'
import { waitFor } from '../helpers/wait-for.js'

const TOKEN = '1234567:e3f3a759b6677959b6ebfc0123456789'
const ADMIN = 'smtp-role-admin-token-0123456789'

describe('taube serve --role smtp', () => {
  let database: TestDatabase
  let api: RunningTaube
  let smtp: RunningTaube
  before(async () => {
    database = await createTestDatabase()
    const env = {
      TAUBE_DATABASE_URL: database.url,
      TAUBE_BOOTSTRAP_TOKEN: TOKEN,
      TAUBE_ADMIN_TOKEN: ADMIN,
      TAUBE_MAIL2SMS_DOMAIN: 'sms.example.test',
    }
    api = await startTaube(env, 'api')
    smtp = await startTaube(env, 'smtp')
  })
  after(async () => {
    await smtp?.stop()
    await api?.stop()
    await database?.drop()
  })

  it('prints its SMTP address, accepts a mail as an SMS, and stops on SIGTERM', async () => {
    assert.doesNotMatch(smtp.output(), /demo account|X-LOX24-AUTH-TOKEN/)
    const port = Number(/Email-to-SMS \(SMTP\): 127\.0\.0\.1:(\d+)/.exec(smtp.output())?.[1])
    assert.ok(port > 0, smtp.output())
    assert.doesNotMatch(api.output(), /Email-to-SMS/, 'the api role runs no SMTP server')
    const key = await http(api.url, '/admin/accounts/1234567/keys', {
      headers: { Authorization: `Bearer ${ADMIN}` },
      body: { name: 'mail', type: 'email2sms' },
    })
    assert.equal(key.status, 201, key.text)
    const to = `1234567.${key.body.token}.491701234599@sms.example.test`
    const client = createTransport({ host: '127.0.0.1', port })
    const info = await client.sendMail({ from: 'a@example.test', to, subject: 'Hi', text: 'there' })
    client.close()
    assert.deepEqual(info.accepted, [to])
    const sms = await waitFor('the SMS', async () => {
      const r = await http(api.url, '/sms', { token: TOKEN })
      return r.body['hydra:member']?.[0]
    })
    assert.equal(sms.text, 'Hi\nthere')
    assert.equal(sms.phone, '+491701234599')
    assert.equal(await smtp.stop(), 0)
  })
})
