// The messaggisms.com API's messages: one text to many recipients, each recipient an ordinary
// gateway message sent by sendSms (facade_id: the message id), so that it is priced, queued,
// dispatched, reported and cancelled as every other. What this API adds is decided here: its
// recipient form (an invalid one is recorded, not refused), placeholders from each recipient's
// fields, test mode (priced by the dryrun, nothing stored of it in the queue), priority, and
// transactions (recipients stored, nothing queued until the transaction is closed).
import { AppError, validationError } from '../../errors/app-error.js'
import { fillFields, type Fields } from '../../domain/messaggi/fill-fields.js'
import { parseRecipientNumber } from '../../domain/messaggi/recipient-number.js'
import { unixSeconds } from '../../shared/clock.js'
import * as repo from '../../store/repositories/messaggi.repository.js'
import type { MessaggiMessageRow, NewMessaggiRecipient } from '../../store/tables/messaggi.table.js'
import type { ServiceDeps } from '../deps.js'
import type { Principal } from '../keys/authenticate.js'
import type { SendSmsCommand } from '../sms/send-command.js'
import { prepareMessage } from '../sms/prepare-message.js'
import { dryrunSms, sendSms } from '../sms/send-sms.js'
import { cancelSmsByUuids } from '../sms/cancel-delete-sms.js'

export type RecipientInput = { number: string; fields: Fields | null }

export type Sender = { principal: Principal; ip: string | null }

export type NewMessageInput = {
  sender: string
  body: string
  recipients: readonly RecipientInput[]
  /** Hundredths, 100 (1.00) to 9999. */
  priority: number
  test: boolean
  transaction: boolean
  timestampSend: number | null
  /** The operator's surcharge per whole point of priority, percent. */
  surchargePercent: number
}

/** Recipients one message may have in all (each request adds at most MAX_PER_REQUEST). */
export const MAX_RECIPIENTS = 10_000
export const MAX_PER_REQUEST = 1_000
/** Recipients sent at once: the gateway's group commit stores them together. */
const SEND_CONCURRENCY = 50

/**
 * The message's id: 24 hex digits, time-ordered. From a uuid v7: its 48 bits of milliseconds,
 * its 12-bit counter within the millisecond (ids of one process sort as made), 36 random bits.
 */
function newMessageId(deps: Pick<ServiceDeps, 'ids'>): string {
  const hex = deps.ids.uuid().replace(/-/g, '')
  return hex.slice(0, 12) + hex.slice(13, 16) + hex.slice(-9)
}

/**
 * Stores the message and its recipients and, unless it is a test or an open transaction, sends
 * to every valid recipient. What the recipients share (sender, body, send time) is checked
 * first: a violation there refuses the request before anything is stored or charged.
 */
export async function createMessage(
  deps: ServiceDeps,
  who: Sender,
  input: NewMessageInput,
): Promise<string> {
  const nowS = unixSeconds(deps.clock)
  checkShared(who, input, input.timestampSend, nowS)
  const id = newMessageId(deps)
  const message: MessaggiMessageRow = {
    id,
    account_id: who.principal.account.id,
    key_id: who.principal.key.id,
    sender: input.sender,
    body: input.body,
    priority: input.priority,
    is_test: input.test ? 1 : 0,
    transaction_open: input.transaction && !input.test ? 1 : 0,
    timestamp_send: input.timestampSend,
    cancelled_at: null,
    created_at: nowS,
  }
  const recipients = recipientRows(message, [], input.recipients, 0)
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertMessaggiMessage(trx, message)
    await repo.insertMessaggiRecipients(trx, recipients)
  })
  if (message.transaction_open === 0)
    await sendRecipients(deps, who, message, recipients, input.surchargePercent)
  return id
}

export type MessageChange = {
  recipients: readonly RecipientInput[]
  /** undefined: unchanged; null: at once. */
  timestampSend?: number | null
  /** false closes an open transaction. */
  transaction?: boolean
  surchargePercent: number
}

/**
 * Adds recipients, moves the send time, or closes the transaction, while nothing of the message
 * was sent: an open transaction is only stored; a closed message's new recipients are sent at
 * once, and its messages move while every one of them still waits in the queue.
 */
export async function changeMessage(
  deps: ServiceDeps,
  who: Sender,
  message: MessaggiMessageRow,
  change: MessageChange,
): Promise<void> {
  const closed = (detail: string) =>
    new AppError('MESSAGGI_MESSAGE_CLOSED', { id: message.id, detail })
  if (message.cancelled_at !== null) throw closed('it was deleted')
  if (message.is_test === 1) throw closed('a test message sends nothing and takes no changes')
  const open = message.transaction_open === 1
  if (change.transaction === true && !open)
    throw closed('its transaction is closed; a closed transaction is not opened again')
  const nowS = unixSeconds(deps.clock)
  const accountId = message.account_id
  const timestampSend =
    change.timestampSend === undefined ? message.timestamp_send : change.timestampSend
  const input = { sender: message.sender, body: message.body }
  checkShared(who, input, timestampSend, nowS)
  const sms = open ? [] : await repo.smsOfMessaggiMessage(deps.db, accountId, message.id)
  if (sms.some((s) => s.state !== 'queued' && s.state !== 'scheduled'))
    throw closed('it is sent (or being sent) already')
  const earlier = await repo.messaggiRecipientsOf(deps.db, accountId, [message.id])
  if (earlier.length + change.recipients.length > MAX_RECIPIENTS)
    throw validationError([
      {
        propertyPath: 'recipients',
        message: `a message has at most ${MAX_RECIPIENTS} recipients; it has ${earlier.length}`,
      },
    ])
  const position = await repo.nextRecipientPosition(deps.db, message.id)
  const added = recipientRows(message, earlier, change.recipients, position)
  const moved =
    change.timestampSend !== undefined && change.timestampSend !== message.timestamp_send
  const closing = open && change.transaction === false
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertMessaggiRecipients(trx, added)
    if (moved)
      await repo.updateMessaggiMessage(trx, accountId, message.id, {
        timestamp_send: timestampSend,
      })
  })
  const current = { ...message, timestamp_send: timestampSend }
  if (moved && !open) {
    const at = sendTime(deps, timestampSend)
    const uuids = sms.map((s) => s.uuid)
    const done = await repo.rescheduleUnsentSms(deps.db, accountId, uuids, { ...at, nowS })
    if (done.length < uuids.length) throw closed('a dispatcher took some of it meanwhile')
    if (at.deliveryAtS === 0) deps.queued.notify()
  }
  if (!open) {
    await sendRecipients(deps, who, current, added, change.surchargePercent)
    return
  }
  if (!closing) return
  // One close sends: a second PUT that raced this one finds the transaction closed.
  if (!(await repo.closeMessaggiTransaction(deps.db, accountId, message.id)))
    throw closed('its transaction was closed by another request')
  const all = await repo.messaggiRecipientsOf(deps.db, accountId, [message.id])
  const pending = all.map((r) => ({
    message_id: r.message_id,
    position: r.position,
    account_id: accountId,
    number: r.number,
    phone: r.phone,
    fields: r.fields,
    problem: r.problem,
    price_micro: r.price_micro,
  }))
  await sendRecipients(deps, who, current, pending, change.surchargePercent)
}

/**
 * Deletes a message: an open transaction is dropped, a closed message's messages that no
 * dispatcher has taken are cancelled, without refund as messaggisms.com's terms say (what an open
 * transaction holds was never charged). Refused once every message of it is on its way.
 */
export async function deleteMessage(deps: ServiceDeps, message: MessaggiMessageRow): Promise<void> {
  const closed = (detail: string) =>
    new AppError('MESSAGGI_MESSAGE_CLOSED', { id: message.id, detail })
  if (message.cancelled_at !== null) throw closed('it was deleted already')
  const accountId = message.account_id
  const nowS = unixSeconds(deps.clock)
  if (message.transaction_open === 0 && message.is_test === 0) {
    const sms = await repo.smsOfMessaggiMessage(deps.db, accountId, message.id)
    const cancelled = await cancelSmsByUuids(
      deps,
      accountId,
      sms.map((s) => s.uuid),
      { refund: false },
    )
    if (sms.length > 0 && cancelled.length === 0) throw closed('it is sent (or being sent) already')
  }
  await repo.updateMessaggiMessage(deps.db, accountId, message.id, {
    cancelled_at: nowS,
    transaction_open: 0,
  })
}

/** The recipients' rows: an invalid number, or a repeat of a number of the message, is recorded so. */
function recipientRows(
  message: MessaggiMessageRow,
  earlier: readonly { phone: string | null }[],
  given: readonly RecipientInput[],
  first: number,
): NewMessaggiRecipient[] {
  const seen = new Set(earlier.flatMap((r) => (r.phone === null ? [] : [r.phone])))
  return given.map((r, i) => {
    const parsed = parseRecipientNumber(r.number)
    const repeat = parsed.ok && seen.has(parsed.e164)
    if (parsed.ok) seen.add(parsed.e164)
    return {
      message_id: message.id,
      position: first + i,
      account_id: message.account_id,
      number: r.number,
      phone: parsed.ok && !repeat ? parsed.e164 : null,
      fields: r.fields === null ? null : JSON.stringify(r.fields),
      problem: !parsed.ok ? parsed.problem : repeat ? 'repeats a recipient of the message' : null,
      price_micro: 0,
    }
  })
}

/** Sends (or, for a test, prices) each valid recipient; a refusal is recorded on the recipient. */
async function sendRecipients(
  deps: ServiceDeps,
  who: Sender,
  message: MessaggiMessageRow,
  recipients: readonly NewMessaggiRecipient[],
  surchargePercent: number,
): Promise<void> {
  const valid = recipients.filter((r) => r.phone != null && r.problem == null)
  for (let i = 0; i < valid.length; i += SEND_CONCURRENCY) {
    await Promise.all(
      valid.slice(i, i + SEND_CONCURRENCY).map(async (r) => {
        const fields = r.fields == null ? null : (JSON.parse(r.fields) as Fields)
        const command = commandFor(who, message, r.phone!, fields, surchargePercent)
        const key = { messageId: message.id, position: r.position }
        try {
          if (message.is_test === 1) {
            const quote = await dryrunSms(deps, command)
            await repo.settleMessaggiRecipient(deps.db, key, {
              priceMicro: quote.price_micro,
              problem: null,
            })
          } else {
            await sendSms(deps, command)
          }
        } catch (err) {
          // A refusal of this recipient (credit, destination); anything else is the request's.
          if (!(err instanceof AppError) || err.status >= 500) throw err
          const why = err.violations.map((v) => v.message).join('; ') || err.message
          await repo.settleMessaggiRecipient(deps.db, key, { priceMicro: 0, problem: why })
        }
      }),
    )
  }
}

function commandFor(
  who: Sender,
  message: MessaggiMessageRow,
  phone: string,
  fields: Fields | null,
  surchargePercent: number,
): SendSmsCommand {
  return {
    principal: who.principal,
    ip: who.ip,
    to: phone,
    from: message.sender,
    payload: { kind: 'text', text: fillFields(message.body, fields), encoding: 'auto' },
    serviceCode: null,
    sendAt: message.timestamp_send,
    callbackData: null,
    source: null,
    voiceLang: null,
    textDeleted: null,
    facadeId: message.id,
    priority: { hundredths: Number(message.priority), surchargePercent },
  }
}

/** The request's names for the command's fields. */
export const MESSAGGI_FIELDS = {
  to: 'recipients',
  from: 'sender',
  text: 'body',
  serviceCode: 'service',
  sendAt: 'timestamp_send',
} as const

/** Sender, body and send time as every recipient shares them, checked on a stand-in number. */
function checkShared(
  who: Sender,
  input: { sender: string; body: string },
  timestampSend: number | null,
  nowS: number,
): void {
  const command: SendSmsCommand = {
    principal: who.principal,
    ip: who.ip,
    to: '+491701234567',
    from: input.sender,
    // The body as written: a placeholder stands for text each recipient brings.
    payload: { kind: 'text', text: input.body, encoding: 'auto' },
    serviceCode: null,
    sendAt: timestampSend,
    callbackData: null,
    source: null,
    voiceLang: null,
    textDeleted: null,
  }
  const r = prepareMessage(command, who.principal.account, nowS)
  const shared = r.ok ? [] : r.violations.filter((v) => v.propertyPath !== 'to')
  if (shared.length > 0) throw validationError(shared)
}

/** Where a message sent at `timestampSend` is due (null or past: now). */
function sendTime(
  deps: Pick<ServiceDeps, 'clock'>,
  timestampSend: number | null,
): { dueAtMs: number; deliveryAtS: number } {
  const nowMs = deps.clock.nowMs()
  if (timestampSend === null || timestampSend * 1000 <= nowMs)
    return { dueAtMs: nowMs, deliveryAtS: 0 }
  return { dueAtMs: timestampSend * 1000, deliveryAtS: timestampSend }
}
