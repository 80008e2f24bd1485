// A message of the messaggisms.com API as the services hand it out, with its recipients.
import type { Fields } from '../../domain/messaggi/fill-fields.js'
import {
  messageStatus,
  recipientStatus,
  type MessageStatus,
  type RecipientStatus,
} from '../../domain/messaggi/recipient-status.js'
import type { MessaggiRecipientView } from '../../store/repositories/messaggi.repository.js'
import type { MessaggiMessageRow } from '../../store/tables/messaggi.table.js'

export type MessaggiRecipient = {
  number: string
  /** E.164; null for an invalid recipient. */
  phone: string | null
  fields: Fields | null
  status: RecipientStatus
  /** Why it is invalid or was refused. */
  problem: string | null
  /** The gateway message (GET /sms/{uuid} of the LOX24 API); null until sent. */
  smsId: string | null
  priceMicro: number
  dlrCode: number | null
  statusCode: number | null
  sentAt: number | null
  updatedAt: number | null
}

export type MessaggiMessage = {
  id: string
  sender: string
  body: string
  /** Hundredths: 100 = 1.00. */
  priority: number
  test: boolean
  transaction: boolean
  timestampSend: number | null
  createdAt: number
  cancelledAt: number | null
  status: MessageStatus
  priceMicro: number
  recipients: MessaggiRecipient[]
}

export function messageFrom(
  m: MessaggiMessageRow,
  rows: readonly MessaggiRecipientView[],
): MessaggiMessage {
  const test = m.is_test === 1
  const cancelled = m.cancelled_at !== null
  const recipients = rows.map((r): MessaggiRecipient => {
    const status = recipientStatus({
      valid: r.phone !== null,
      problem: r.problem,
      test,
      cancelled,
      state: r.state,
    })
    return {
      number: r.number,
      phone: r.phone,
      fields: r.fields === null ? null : (JSON.parse(r.fields) as Fields),
      status,
      problem: r.problem,
      smsId: r.sms_uuid,
      priceMicro: r.sms_price_micro ?? r.price_micro,
      dlrCode: r.dlr_code,
      statusCode: r.status_code,
      sentAt: r.gateway_sent_at === null || r.gateway_sent_at === 0 ? null : r.gateway_sent_at,
      updatedAt: r.updated_at,
    }
  })
  return {
    id: m.id,
    sender: m.sender,
    body: m.body,
    priority: Number(m.priority),
    test,
    transaction: m.transaction_open === 1,
    timestampSend: m.timestamp_send === null ? null : Number(m.timestamp_send),
    createdAt: Number(m.created_at),
    cancelledAt: m.cancelled_at === null ? null : Number(m.cancelled_at),
    status: messageStatus(
      { transactionOpen: m.transaction_open === 1, test, cancelled },
      recipients.map((r) => r.status),
    ),
    priceMicro: recipients.reduce((sum, r) => sum + r.priceMicro, 0),
    recipients,
  }
}
