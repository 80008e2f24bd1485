// A mail sink on 127.0.0.1: a real SMTP server that keeps every mail it is given, parsed.
import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export type SunkMail = { from: string | null; to: string[]; mail: ParsedMail }

export type SmtpSink = { url: string; mails: SunkMail[]; close: () => Promise<void> }

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: SunkMail[] = []
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : null
          mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), mail })
          callback()
        },
        (err: Error) => callback(err),
      )
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
