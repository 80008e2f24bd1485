import { createServer } from 'node:net'
import nodemailer from 'nodemailer'
import { cpuMs, percentile } from './proc-stats.js'
import { BENCH_ADMIN, BENCH_TOKEN, startBenchServer } from './server-process.js'

const DOMAIN = 'mail2sms.bench.test'
const SENDERS = Number(process.env.BENCH_SMTP_SENDERS ?? 16)

/** A port free on loopback at the moment of asking. */
async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}

/**
 * Email-to-SMS: mails to {user_id}.{key}.{phone}@ the mail2sms domain over SMTP, each accepted
 * (250 after DATA) only once its SMS is stored. 16 senders, each on one connection that it keeps
 * (nodemailer's pool), as a monitoring system or an ERP sends; the SMS made are counted through
 * the API afterwards, so that a mail answered 250 without its SMS would show.
 */
export async function benchSmtp(seconds: number) {
  const smtpPort = await freePort()
  const server = await startBenchServer(
    {
      TAUBE_SMTP_PORT: String(smtpPort),
      TAUBE_MAIL2SMS_DOMAIN: DOMAIN,
      TAUBE_SMTP_MAILS_PER_MINUTE_PER_IP: '0',
      TAUBE_SMTP_MAX_CONNECTIONS_PER_IP: '0',
    },
    'all',
  )
  try {
    const userId = BENCH_TOKEN.split(':')[0]!
    const r = await fetch(`${server.url}/admin/accounts/${userId}/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BENCH_ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'email2sms', name: 'bench' }),
    })
    if (r.status !== 201) throw new Error(`email2sms key: ${r.status} ${await r.text()}`)
    const { token } = (await r.json()) as { token: string }
    const to = (i: number) =>
      `${userId}.${token}.4917012${String(i % 100_000).padStart(5, '0')}@${DOMAIN}`

    const load = async (duration: number) => {
      const latencies: number[] = []
      let accepted = 0
      let refused = 0
      const until = performance.now() + duration * 1000
      let n = 0
      await Promise.all(
        Array.from({ length: SENDERS }, async () => {
          const transport = nodemailer.createTransport({
            host: '127.0.0.1',
            port: smtpPort,
            secure: false,
            ignoreTLS: true,
            pool: true,
            maxConnections: 1,
            maxMessages: Infinity,
          })
          try {
            while (performance.now() < until) {
              const i = n++
              const began = performance.now()
              try {
                await transport.sendMail({
                  from: 'alarm@plant.example',
                  to: to(i),
                  subject: `Alarm ${i}`,
                  text: `Pressure in line ${i % 7} above limit. Check valve V-${i % 40}.`,
                })
                accepted++
                latencies.push(performance.now() - began)
              } catch {
                refused++
              }
            }
          } finally {
            transport.close()
          }
        }),
      )
      latencies.sort((a, b) => a - b)
      return {
        mailsPerSecond: Math.round(accepted / duration),
        accepted,
        refused,
        latencyMs: {
          p50: Math.round(percentile(latencies, 50) * 10) / 10,
          p99: Math.round(percentile(latencies, 99) * 10) / 10,
          max: Math.round((latencies.at(-1) ?? 0) * 10) / 10,
        },
      }
    }
    await load(2) // warm-up: JIT, page cache, the key cache
    const before = await smsCount(server.url)
    const cpuBefore = cpuMs(server.pid)
    const saturated = await load(seconds)
    // CPU per mail holds on a busy machine, where mails per second do not.
    const cpuPerMailUs = Math.round(((cpuMs(server.pid) - cpuBefore) * 1000) / saturated.accepted)
    const made = (await smsCount(server.url)) - before
    return {
      name: 'smtp',
      description: `Email-to-SMS over SMTP into the built server in its own process (all-in-one, SQLite WAL); ${SENDERS} nodemailer senders on one kept connection each; an SMS per mail`,
      durationSeconds: seconds,
      saturated: {
        ...saturated,
        gatewayCpuPerMailUs: cpuPerMailUs,
        smsMade: made,
        mailsWithoutSms: saturated.accepted - made,
      },
    }
  } finally {
    await server.stop()
  }
}

/** The account's SMS, as the API counts them. */
async function smsCount(url: string): Promise<number> {
  const r = await fetch(`${url}/sms?itemsPerPage=1`, {
    headers: { 'x-lox24-auth-token': BENCH_TOKEN },
  })
  if (r.status !== 200) throw new Error(`GET /sms: ${r.status} ${await r.text()}`)
  return ((await r.json()) as { 'hydra:totalItems': number })['hydra:totalItems']
}
