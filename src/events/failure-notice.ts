// The mail that tells an account its webhook is failing or was switched off. It names the
// webhook, times and counts, never an event's data.

export type NoticeFacts = {
  kind: 'failing' | 'disabled'
  webhookId: number
  uri: string
  failingSinceS: number
  failedCount: number
  lastStatus: number | null
  lastError: string | null
  /** The rule, for the account to know what comes next. */
  disableAfterS: number
  disableMinFailures: number
}

export function failureNotice(f: NoticeFacts): { subject: string; body: string } {
  const since = new Date(f.failingSinceS * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')
  const last = f.lastStatus !== null ? `HTTP ${f.lastStatus}` : (f.lastError ?? 'no answer')
  const lines = [
    f.kind === 'disabled'
      ? `Webhook ${f.webhookId} (${f.uri}) has been switched off: it kept failing.`
      : `Webhook ${f.webhookId} (${f.uri}) is failing.`,
    '',
    `Since ${since} no event has reached it, and ${f.failedCount} event(s) were given up ` +
      'after their last attempt.',
    `The last attempt: ${last}.`,
    '',
  ]
  if (f.kind === 'disabled') {
    lines.push(
      'No events are recorded for it while it is off.',
      'Once the endpoint works again, switch it back on:',
      `PATCH /webhooks/${f.webhookId} {"is_active": true}`,
    )
  } else if (f.disableAfterS > 0) {
    lines.push(
      `If nothing reaches it for ${hours(f.disableAfterS)} after the first event given up ` +
        `(with at least ${f.disableMinFailures} events given up), it is switched off.`,
    )
  }
  lines.push(
    'Events given up can be sent again, in their order, once the endpoint works:',
    `POST /webhooks/${f.webhookId}/replay {"since": ${f.failingSinceS}}`,
    '',
  )
  const subject =
    f.kind === 'disabled'
      ? `Webhook ${f.webhookId} switched off after failing`
      : `Webhook ${f.webhookId} is failing`
  return { subject, body: lines.join('\n') }
}

function hours(s: number): string {
  return s % 3600 === 0 ? `${s / 3600} h` : `${s} s`
}
