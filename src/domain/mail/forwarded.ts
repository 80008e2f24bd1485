// Forwarded mail (spec §20: "must be sent directly; forwarding is not supported"). A forward
// would send the SMS text of someone else's mail, headers and quotes included, so it is refused
// with the reason instead of sent half-right.

export type MailFacts = {
  /** Header names in lower case. */
  headerNames: readonly string[]
  subject: string | null
  body: string
  /** Content types of the attachments, lower case. */
  attachmentTypes: readonly string[]
}

/** Subject prefixes mail clients put on a forward, in the languages of the usual clients. */
const FORWARD_SUBJECT = /^\s*(fwd?|wg|tr|rv|enc|doorst)\s*:/i

/** The lines clients write above the quoted original. */
const FORWARD_BODY =
  /^\s*(-{2,}\s*(forwarded message|original message|weitergeleitete nachricht|ursprüngliche nachricht|message transféré|messaggio inoltrato|mensaje reenviado)\s*-{2,}|begin forwarded message:)/im

/** Resent-* (RFC 5322 §3.6.6) and the headers of automatic forwarding by mail services. */
const FORWARD_HEADERS = [
  'resent-from',
  'resent-to',
  'resent-date',
  'x-forwarded-to',
  'x-forwarded-for',
]

/** Why the mail counts as forwarded, or null when it was sent directly. */
export function forwardedReason(mail: MailFacts): string | null {
  const header = mail.headerNames.find((h) => FORWARD_HEADERS.includes(h))
  if (header !== undefined) return `the mail was forwarded (header ${header})`
  if (mail.attachmentTypes.includes('message/rfc822'))
    return 'the mail was forwarded (it carries another mail as an attachment)'
  if (mail.subject !== null && FORWARD_SUBJECT.test(mail.subject))
    return 'the mail was forwarded (its subject starts with a forward prefix)'
  const quoted = FORWARD_BODY.exec(mail.body)
  if (quoted) return `the mail was forwarded (its body quotes "${quoted[0].trim()}")`
  return null
}
