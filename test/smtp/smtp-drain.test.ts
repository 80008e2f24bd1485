// A stop (SIGTERM) lets the mail being handled finish and answers it, before the server closes.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createTransport } from 'nodemailer'
import pino from 'pino'
import { MailServer, type MailHandler } from '../../src/smtp/smtp-server.js'

describe('SMTP server stop', () => {
  it('finishes the mail in hand, answers it 250, then refuses new connections', async () => {
    let release!: () => void
    let started!: () => void
    const inHand = new Promise<void>((r) => (started = r))
    const handler: MailHandler = {
      recipient: async () => null,
      message: async () => {
        started()
        await new Promise<void>((r) => (release = r))
        return { code: 250, message: '2.0.0 Accepted' }
      },
    }
    const server = new MailServer(
      { handler, log: pino({ level: 'silent' }), nowMs: () => performance.now() },
      {
        host: '127.0.0.1',
        port: 0,
        tls: null,
        maxSizeBytes: 65_536,
        maxConnectionsPerIp: 0,
        mailsPerMinutePerIp: 0,
        maxConnections: 10,
        idleTimeoutMs: 10_000,
        closeTimeoutMs: 1_000,
      },
    )
    const port = await server.start()
    const client = createTransport({ host: '127.0.0.1', port })
    const sent = client.sendMail({ from: 'a@example.test', to: 'b@example.test', text: 'x' })
    await inHand
    const stopped = server.stop()
    let stopDone = false
    void stopped.then(() => (stopDone = true))
    await new Promise((r) => setImmediate(r))
    assert.equal(stopDone, false, 'the stop waits for the mail in hand')
    release()
    const info = await sent
    assert.match(info.response, /^250 /)
    assert.deepEqual(await stopped, { mails: 1 })
    client.close()
    const late = createTransport({ host: '127.0.0.1', port })
    await assert.rejects(late.sendMail({ from: 'a@example.test', to: 'b@example.test', text: 'y' }))
  })
})
