// The service's messages and tokens as the messaggisms.com API shows them.
import type { Static } from '@sinclair/typebox'
import { fromMicro } from '../../domain/pricing/money.js'
import type { MessaggiMessage, MessaggiRecipient } from '../../services/messaggi/message-model.js'
import type { MessaggiToken } from '../../services/messaggi/tokens.js'
import type { MessageView, RecipientView, TokenView } from './schemas.js'

export function recipientView(r: MessaggiRecipient): Static<typeof RecipientView> {
  return {
    number: r.number,
    e164: r.phone,
    fields: r.fields === null ? null : { ...r.fields },
    status: r.status,
    error: r.problem,
    sms_id: r.smsId,
    price: fromMicro(r.priceMicro),
    status_code: r.statusCode,
    dlr_code: r.dlrCode,
    timestamp_sent: r.sentAt,
    updated_at: r.updatedAt,
  }
}

export function messageView(
  m: MessaggiMessage,
  withRecipients: boolean,
): Static<typeof MessageView> {
  return {
    id: m.id,
    sender: m.sender,
    body: m.body,
    priority: m.priority / 100,
    test: m.test,
    transaction: m.transaction,
    timestamp_send: m.timestampSend,
    created_at: m.createdAt,
    cancelled_at: m.cancelledAt,
    status: m.status,
    price: fromMicro(m.priceMicro),
    recipients_count: m.recipients.length,
    ...(withRecipients ? { recipients: m.recipients.map(recipientView) } : {}),
  }
}

export function tokenView(t: MessaggiToken): Static<typeof TokenView> {
  return {
    id: t.id,
    name: t.name,
    scopes: t.scopes,
    expires_at: t.expiresAt,
    created_at: t.createdAt,
    hint: t.hint,
  }
}

/** "1 Result", "5 Results". */
export function results(n: number): string {
  return `${n} ${n === 1 ? 'Result' : 'Results'}`
}
