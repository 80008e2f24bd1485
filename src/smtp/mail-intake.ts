// Email-to-SMS (spec §20): the recipient is authenticated at RCPT (an unknown one is refused
// there, so nobody who merely guesses gets mail back); after DATA each accepted recipient becomes
// one SMS or one bulk through the same services the API calls. Once the sender is known, a
// problem is answered by a reply mail and a `*.email.parsing.fail` event (G-45).
import { simpleParser, type ParsedMail as LibParsedMail } from 'mailparser'
import type { Logger } from 'pino'
import { AppError } from '../errors/app-error.js'
import {
  parseMailAddress,
  type MailAddress,
  type MailDomains,
} from '../domain/mail/mail-address.js'
import type { NewEvent } from '../events/event-types.js'
import type { AuthGuard } from '../services/auth-guard/auth-guard.js'
import { createBulk } from '../services/bulks/create-bulk.js'
import type { ServiceDeps } from '../services/deps.js'
import { authenticate, type KeyCache, type Principal } from '../services/keys/authenticate.js'
import { senderIdForSlot } from '../services/senders/manage-sender-ids.js'
import { sendSms } from '../services/sms/send-sms.js'
import { unixSeconds } from '../shared/clock.js'
import {
  mailRefusal,
  mailToCommand,
  problemOfError,
  type MailProblem,
  type ParsedMail,
} from './mail-to-sms.js'
import type { MailHandler, SmtpReply } from './smtp-server.js'

/** Sends the error reply; null when no outbound relay is configured (the event still fires). */
export type ReplySender = {
  send(to: string, subject: string, body: string): Promise<{ ok: boolean; error: string | null }>
}

const UNKNOWN_RECIPIENT: SmtpReply = { code: 550, message: '5.1.1 No such recipient' }
const REPLY_SUBJECT = 'Email-to-SMS: your mail was not sent'

export class MailIntake implements MailHandler {
  constructor(
    private readonly deps: {
      services: ServiceDeps
      keyCache: KeyCache
      guard: AuthGuard
      replies: ReplySender | null
      log: Logger
    },
    private readonly domains: MailDomains,
  ) {}

  async recipient(raw: string, ip: string): Promise<SmtpReply | null> {
    return (await this.authenticated(raw, ip)) === null ? UNKNOWN_RECIPIENT : null
  }

  async message(mail: { raw: Buffer; from: string | null; to: string[]; ip: string }) {
    const parsed = toParsedMail(
      await simpleParser(mail.raw, { skipHtmlToText: true, skipTextToHtml: true }),
    )
    const refusal = mailRefusal(parsed)
    let sent = 0
    for (const to of mail.to) {
      // Read again: the recipient was checked at RCPT, but a key may be disabled since.
      const principal = await this.authenticated(to, mail.ip)
      if (principal === null) continue
      const parsedAddress = parseMailAddress(to, this.domains)
      const kind = to.toLowerCase().endsWith(`@${this.domains.bulk}`) ? 'bulk' : 'sms'
      const fail = (field: string, description: string) =>
        this.fail(principal, kind, mail.from, { field, description, request: to })
      if (refusal !== null) {
        // The session's 550 tells the sender (through its own server): no reply mail as well.
        await this.fail(principal, kind, null, {
          field: 'request',
          description: refusal,
          request: to,
        })
        continue
      }
      if (!parsedAddress.ok) {
        await fail(parsedAddress.problem.field, parsedAddress.problem.description)
        continue
      }
      sent += await this.send(principal, parsedAddress.address, parsed, to, mail, fail)
    }
    if (refusal !== null) {
      // Refused in the session as well: the sender's own server tells the sender.
      return { code: 550, message: `5.7.1 Not sent: ${refusal}; send the mail directly` }
    }
    return { code: 250, message: `2.0.0 Accepted: ${sent} of ${mail.to.length} sent` }
  }

  /** One recipient: 1 when an SMS or bulk was made, 0 when the sender got a problem. */
  private async send(
    principal: Principal,
    address: MailAddress,
    mail: ParsedMail,
    request: string,
    from: { ip: string },
    fail: (field: string, description: string) => Promise<void>,
  ): Promise<number> {
    const { services } = this.deps
    const senderId = await senderIdForSlot(services, principal.account.id, address.senderSlot)
    const made = mailToCommand({ address, mail, principal, ip: from.ip, senderId, request })
    if (made.kind === 'problem') {
      await fail(made.field, made.description)
      return 0
    }
    try {
      if (made.kind === 'sms') {
        const { sms } = await sendSms(services, made.command)
        await this.event(principal, 'sms.email.parsing.success', { request, sms: sms.uuid })
      } else {
        const bulk = await createBulk(services, made.command)
        await this.event(principal, 'bulk.email.parsing.success', { request, bulk: bulk.uuid })
      }
      return 1
    } catch (err) {
      // A refusal of the services is the sender's to fix; anything else the client retries.
      if (!(err instanceof AppError) || err.status >= 500) throw err
      const problem = problemOfError(err, address)
      await fail(problem.field, problem.description)
      return 0
    }
  }

  /** The principal of an address that carries valid email2sms credentials, else null. */
  private async authenticated(raw: string, ip: string): Promise<Principal | null> {
    const parsed = parseMailAddress(raw, this.domains)
    const creds = parsed.ok
      ? { userId: parsed.address.userId, token: parsed.address.apiKey }
      : parsed.credentials && {
          userId: parsed.credentials.userId,
          token: parsed.credentials.apiKey,
        }
    if (!creds) return null
    const { guard, services, keyCache } = this.deps
    const exempt = guard.isAllowlisted(ip)
    if (!exempt && (await guard.blockedFor('account', creds.userId)) > 0) {
      if (!(await guard.isKnownAddress(Number(creds.userId), ip))) return null
    }
    try {
      return await authenticate(services, keyCache, creds, ip, ['email2sms'])
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      // Guessing keys of an account: counted per account, as the API does. Not per address,
      // since whole mail providers send from one.
      if (err.code === 'UNAUTHENTICATED' && !exempt)
        await guard.recordFailure('account', creds.userId)
      return null
    }
  }

  private async fail(
    principal: Principal,
    kind: 'sms' | 'bulk',
    replyTo: string | null,
    problem: MailProblem,
  ): Promise<void> {
    const name = kind === 'sms' ? 'sms.email.parsing.fail' : 'bulk.email.parsing.fail'
    await this.event(principal, name, problem)
    this.deps.log.info(
      { accountId: principal.account.id, field: problem.field },
      'email-to-SMS mail refused',
    )
    // The null sender `<>` (a bounce) is never answered: mail loops start that way.
    if (replyTo === null || this.deps.replies === null) return
    const sent = await this.deps.replies.send(replyTo, REPLY_SUBJECT, JSON.stringify(problem))
    if (!sent.ok) {
      this.deps.log.warn({ accountId: principal.account.id, error: sent.error }, 'reply not sent')
    }
  }

  private async event<N extends NewEvent['name']>(
    principal: Principal,
    name: N,
    data: NewEvent<N>['data'],
  ): Promise<void> {
    const { services } = this.deps
    const event = {
      accountId: principal.account.id,
      name,
      data,
      subject: null,
      createdAt: unixSeconds(services.clock),
    }
    // Through the group commit, as the services write: in this thread's turn at the SQLite file,
    // and with the other writes of the moment.
    await services.groupCommit.run((trx) => services.outbox.record(trx, event))
  }
}

function toParsedMail(m: LibParsedMail): ParsedMail {
  return {
    subject: m.subject ?? null,
    messageId: m.messageId ?? null,
    text: typeof m.text === 'string' ? m.text : null,
    html: typeof m.html === 'string' ? m.html : null,
    headerNames: [...m.headers.keys()].map((k) => k.toLowerCase()),
    attachmentTypes: m.attachments.map((a) => a.contentType.toLowerCase()),
  }
}
