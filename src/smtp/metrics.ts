// The SMTP server in /metrics: how each stage of the sessions was answered.
import { Counter, Registry } from 'prom-client'

export type SmtpStage = 'connect' | 'mail' | 'rcpt' | 'data'

export type SmtpServerMetrics = {
  registry: Registry
  replies: Counter<'stage' | 'code'>
}

export function createSmtpServerMetrics(): SmtpServerMetrics {
  const registry = new Registry()
  return {
    registry,
    replies: new Counter({
      name: 'taube_smtp_replies_total',
      help: 'Email-to-SMS SMTP answers by stage (connect, mail, rcpt, data) and reply code: refusals at every stage, and every DATA answer',
      labelNames: ['stage', 'code'],
      registers: [registry],
    }),
  }
}
