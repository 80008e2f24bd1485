// A mail to an email-to-SMS address in the gateway's own terms (spec §20): the SMS or bulk command
// the services run, or the problem to answer with as `{field, description, request}` (§20.4).
// Pure: the caller parsed the mail and looked up the sender id and the principal.
import type { AppError } from '../errors/app-error.js'
import { forwardedReason } from '../domain/mail/forwarded.js'
import type { MailAddress } from '../domain/mail/mail-address.js'
import { bodyText, fitText, smsTextOf, type MailContent } from '../domain/mail/mail-text.js'
import type { Principal } from '../services/keys/authenticate.js'
import type { SendBulkCommand } from '../services/bulks/send-bulk-command.js'
import type { SendSmsCommand } from '../services/sms/send-command.js'

/** A parsed mail: its content and the facts that tell a forward. */
export type ParsedMail = MailContent & {
  /** The Message-ID header: a client that sends a mail again after a lost answer repeats it. */
  messageId: string | null
  headerNames: readonly string[]
  attachmentTypes: readonly string[]
}

/** The error reply and the `*.email.parsing.fail` data (§16.4, §20.4). */
export type MailProblem = { field: string; description: string; request: string }

export type MailCommand =
  | { kind: 'sms'; command: SendSmsCommand; truncated: boolean }
  | { kind: 'bulk'; command: SendBulkCommand; truncated: boolean }

/** Why the mail is refused for every recipient (a forward), or null. */
export function mailRefusal(mail: ParsedMail): string | null {
  return forwardedReason({
    headerNames: mail.headerNames,
    subject: mail.subject,
    body: bodyText(mail),
    attachmentTypes: mail.attachmentTypes,
  })
}

export function mailToCommand(input: {
  address: MailAddress
  mail: ParsedMail
  principal: Principal
  ip: string
  senderId: string
  /** The recipient address as the mail gave it. */
  request: string
}): MailCommand | { kind: 'problem'; field: string; description: string } {
  const { address, principal, ip } = input
  const text = smsTextOf(input.mail, address.textSource)
  if (text === '') {
    const where = ['subject or body', 'subject', 'body'][address.textSource]
    return {
      kind: 'problem',
      field: 'text_source',
      description: `the mail has no text in its ${where}`,
    }
  }
  const fitted = fitText(text, address.encoding, address.maxParts)
  const common = {
    principal,
    ip,
    from: input.senderId,
    serviceCode: address.serviceCode,
    sendAt: null,
    source: null,
    voiceLang: null,
    textDeleted: null,
  }
  if (address.target === 'bulk') {
    return {
      kind: 'bulk',
      truncated: fitted.truncated,
      command: {
        ...common,
        text: fitted.text,
        encoding: fitted.encoding,
        numbers: [],
        groupIds: [Number(address.recipient)],
        dryrun: false,
      },
    }
  }
  return {
    kind: 'sms',
    truncated: fitted.truncated,
    command: {
      ...common,
      to: `+${address.recipient}`,
      payload: { kind: 'text', text: fitted.text, encoding: fitted.encoding },
      callbackData: null,
      // A mail sent again (its 250 lost, or a 451 after an earlier recipient was sent) answers
      // with the SMS it made the first time.
      ...(input.mail.messageId === null
        ? {}
        : {
            idempotency: {
              key: `email:${input.mail.messageId.slice(0, 500)}:${input.request.toLowerCase()}`,
              fingerprint: { request: input.request.toLowerCase() },
            },
          }),
    },
  }
}

/** The command fields as the address names them. */
const ADDRESS_FIELDS: Readonly<Record<string, string>> = {
  to: 'phone',
  from: 'sender_id',
  serviceCode: 'service_code',
  text: 'text',
  sendAt: 'request',
  numbers: 'group_id',
  groupIds: 'group_id',
}

/** A refusal of the services (a validation error, 402, a blocked key) as the mail's problem. */
export function problemOfError(err: AppError, address: MailAddress): Omit<MailProblem, 'request'> {
  const v = err.violations[0]
  if (v === undefined) return { field: 'request', description: err.message }
  const field = ADDRESS_FIELDS[v.propertyPath.replace(/\[\d+\]$/, '')] ?? 'request'
  // The spec's own wording for the one error it shows (§20.4).
  if (field === 'group_id' && /not found/.test(v.message))
    return { field, description: `Group with id = ${address.recipient} was not found!` }
  return { field, description: v.message }
}
