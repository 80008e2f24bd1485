// The SMTP server's per-address limits over real sockets: connections beyond the cap are told
// 421, mails beyond the rate 451 (both temporary: a real client queues and retries), and every
// mail that was answered 250 is an SMS. STARTTLS with the configured certificate.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTransport } from 'nodemailer'
import { startSmtpServer } from '../../src/app/smtp-runtime.js'
import { selfSignedCert } from '../helpers/self-signed.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

const SMS_DOMAIN = 'mail2sms.example.test'

describe('SMTP limits and STARTTLS', () => {
  let s: TestServer
  let local: (phone: string) => string
  const dir = mkdtempSync(join(tmpdir(), 'taube-smtp-'))

  before(async () => {
    s = await startTestServer({ mail2smsDomain: SMS_DOMAIN })
    const k = await s.admin(`/admin/accounts/${s.userId}/keys`, {
      body: { name: 'mail', type: 'email2sms' },
    })
    assert.equal(k.status, 201, k.text)
    local = (phone) => `${s.userId}.${k.body.token}.${phone}@${SMS_DOMAIN}`
  })
  after(async () => {
    await s?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** The greeting line a fresh connection gets. */
  const greeting = (port: number) =>
    new Promise<{ line: string; socket: Socket }>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('error', reject)
      socket.once('data', (d) => resolve({ line: d.toString(), socket }))
    })
  const smsCount = async () =>
    Number(
      (
        await s.ctx.deps.db
          .selectFrom('sms')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('a connection beyond the per-address cap is told 421; a freed slot is usable again', async () => {
    const smtp = (await startSmtpServer(s.ctx, { port: 0, maxConnectionsPerIp: 2 }))!
    const first = await greeting(smtp.port)
    const second = await greeting(smtp.port)
    assert.match(first.line, /^220 /)
    assert.match(second.line, /^220 /)
    const third = await greeting(smtp.port)
    assert.match(third.line, /^421 4\.7\.0 Too many connections/)
    third.socket.destroy()
    first.socket.end('QUIT\r\n')
    await new Promise((r) => first.socket.once('close', r))
    let again = await greeting(smtp.port)
    // The server counts the closed session out when it sees the close: a moment later at most.
    for (let i = 0; i < 50 && !again.line.startsWith('220'); i++) {
      again.socket.destroy()
      await new Promise((r) => setTimeout(r, 20))
      again = await greeting(smtp.port)
    }
    assert.match(again.line, /^220 /)
    again.socket.destroy()
    second.socket.destroy()
    await smtp.stop()
  })

  it('a flood: mails beyond the rate get 451, and every mail answered 250 is an SMS', async () => {
    const smtp = (await startSmtpServer(s.ctx, { port: 0, mailsPerMinutePerIp: 5 }))!
    const client = createTransport({
      host: '127.0.0.1',
      port: smtp.port,
      pool: true,
      maxConnections: 4,
    })
    const before = await smsCount()
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        client.sendMail({
          from: 'flood@example.test',
          to: local(`4917012399${String(i).padStart(2, '0')}`),
          subject: `Alarm ${i}`,
          text: 'x',
        }),
      ),
    )
    client.close()
    const accepted = results.filter((r) => r.status === 'fulfilled').length
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
    assert.ok(accepted >= 5 && accepted < 20, `accepted ${accepted}`)
    for (const err of refused) assert.equal(err.responseCode, 451, String(err))
    assert.equal((await smsCount()) - before, accepted, 'every accepted mail is an SMS')
    const metrics = await smtp.metrics.registry.metrics()
    assert.match(
      metrics,
      new RegExp(`taube_smtp_replies_total\\{stage="data",code="250"\\} ${accepted}`),
    )
    assert.match(
      metrics,
      new RegExp(`taube_smtp_replies_total\\{stage="mail",code="451"\\} ${20 - accepted}`),
    )
    await smtp.stop()
  })

  it('STARTTLS with the configured certificate', async () => {
    const { cert, key } = selfSignedCert(dir, 'localhost')
    const ctx = { ...s.ctx, config: { ...s.ctx.config, smtpTlsCert: cert, smtpTlsKey: key } }
    const smtp = (await startSmtpServer(ctx, { port: 0 }))!
    const client = createTransport({
      host: '127.0.0.1',
      port: smtp.port,
      requireTLS: true,
      tls: { ca: readFileSync(cert), servername: 'localhost' },
    })
    const to = local('491701239999')
    const info = await client.sendMail({ from: 'tls@example.test', to, subject: 'x', text: 'y' })
    assert.deepEqual(info.accepted, [to])
    client.close()
    await smtp.stop()
  })
})
