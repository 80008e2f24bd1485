// /messages of the messaggisms.com API: send, list, read, change, delete, and the recipients of
// a message. The request is translated here; the services decide and send.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { validationError, type Violation } from '../../errors/app-error.js'
import { priorityHundredths } from '../../domain/pricing/priority-price.js'
import type { AuthGuard } from '../../services/auth-guard/auth-guard.js'
import {
  findMessageRow,
  getMessage,
  getRecipient,
  listMessages,
} from '../../services/messaggi/read-messages.js'
import {
  changeMessage,
  createMessage,
  deleteMessage,
  MESSAGGI_FIELDS,
  type RecipientInput,
  type Sender,
} from '../../services/messaggi/send-message.js'
import type { ServerContext } from '../server-context.js'
import { inRequestTerms } from '../violation-names.js'
import { messaggiAuth } from './auth.js'
import { ErrorEnvelope, sendEnvelope } from './envelope.js'
import {
  DeletedAnswer,
  ListQuery,
  MessageAnswer,
  MessageBody,
  MessageChangeBody,
  MessageIdParams,
  MessagesAnswer,
  RecipientParams,
  RecipientsAnswer,
  type RecipientsField,
} from './schemas.js'
import { messageView, recipientView, results } from './views.js'

const tags = ['messaggisms.com']
const TWINS = ['/messages', '/recipients']
const failures = { 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope, 404: ErrorEnvelope }
const changes = { ...failures, 402: ErrorEnvelope, 409: ErrorEnvelope, 422: ErrorEnvelope }

export async function messageRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  guard: AuthGuard,
): Promise<void> {
  const read = messaggiAuth(ctx, guard, 'messages:read')
  const write = messaggiAuth(ctx, guard, 'messages:write')
  const surcharge = ctx.config.messaggiPrioritySurcharge
  const sender = (req: FastifyRequest): Sender => ({ principal: req.principal, ip: req.ip })
  // messaggisms.com's paths end in '/' (`/messages/`); the document names them without, and
  // both are served.
  app.addHook('onRoute', (route) => {
    const path = route.routePath
    // HEAD comes with each GET, the twin's too.
    if (route.method === 'HEAD' || path.endsWith('/') || !TWINS.some((p) => path.endsWith(p)))
      return
    app.route({ ...route, url: `${path}/`, schema: { ...route.schema, hide: true } })
  })

  app.get<{ Querystring: ListQuery }>(
    '/messages',
    {
      onRequest: read,
      schema: {
        tags,
        summary: "The account's messages, newest first (messaggisms.com)",
        querystring: ListQuery,
        response: { 200: MessagesAnswer, ...failures },
      },
    },
    async (req, reply) => {
      const list = await listMessages(ctx.deps, req.principal.account.id, {
        page: Number(req.query.page ?? 1),
        perPage: Number(req.query.per_page ?? 50),
      })
      return sendEnvelope(ctx.deps, req, reply, {
        data: list.map((m) => messageView(m, false)),
        message: results(list.length),
      })
    },
  )

  app.post<{ Body: MessageBody }>(
    '/messages',
    {
      onRequest: write,
      schema: {
        tags,
        summary: 'Send a message (messaggisms.com)',
        description:
          'One text to one or many recipients; each valid recipient is an ordinary message of ' +
          'the gateway (LOX24 GET /sms shows it, `facade_id` the id answered here). An invalid ' +
          'recipient is recorded as such. `test`: priced, nothing sent. `options.transaction`: ' +
          'stored, nothing queued until PUT with `transaction: false`.',
        body: MessageBody,
        response: { 200: MessagesAnswer, ...changes },
      },
    },
    async (req, reply) => {
      const b = req.body
      const violations = [...senderProblems(b.sender)]
      const priority = priorityHundredths(b.priority ?? 1)
      if (priority === null)
        violations.push({
          propertyPath: 'priority',
          message: 'must be a number from 1.00 to 99.99 with at most two decimals',
        })
      if (violations.length > 0 || priority === null) throw validationError(violations)
      const id = await inRequestTerms(
        MESSAGGI_FIELDS,
        createMessage(ctx.deps, sender(req), {
          sender: b.sender,
          body: b.body,
          recipients: recipientsOf(b.recipients),
          priority,
          test: b.test ?? false,
          transaction: b.options?.transaction ?? false,
          timestampSend: b.timestamp_send ?? null,
          surchargePercent: surcharge,
        }),
      )
      const m = await getMessage(ctx.deps, req.principal.account.id, id)
      return sendEnvelope(ctx.deps, req, reply, {
        data: [messageView(m, true)],
        message: 'Message Queued',
      })
    },
  )

  app.get<{ Params: { id: string } }>(
    '/messages/:id',
    {
      onRequest: read,
      schema: {
        tags,
        summary: 'One message with its recipients (messaggisms.com)',
        params: MessageIdParams,
        response: { 200: MessagesAnswer, ...failures },
      },
    },
    async (req, reply) => {
      const m = await getMessage(ctx.deps, req.principal.account.id, req.params.id)
      return sendEnvelope(ctx.deps, req, reply, {
        data: [messageView(m, true)],
        message: results(1),
      })
    },
  )

  app.put<{ Params: { id: string }; Body: MessageChangeBody }>(
    '/messages/:id',
    {
      onRequest: write,
      schema: {
        tags,
        summary: 'Add recipients, move the send time or close the transaction (messaggisms.com)',
        description:
          'While nothing of the message is sent: `recipients` are added (sent at once unless the ' +
          'transaction is open), `timestamp_send` moves it, `transaction: false` (or ' +
          '`options.transaction: false`) closes an open transaction and queues the message.',
        params: MessageIdParams,
        body: MessageChangeBody,
        response: { 200: MessageAnswer, ...changes },
      },
    },
    async (req, reply) => {
      const accountId = req.principal.account.id
      const row = await findMessageRow(ctx.deps, accountId, req.params.id)
      const b = req.body
      await inRequestTerms(
        MESSAGGI_FIELDS,
        changeMessage(ctx.deps, sender(req), row, {
          recipients: b.recipients === undefined ? [] : recipientsOf(b.recipients),
          ...(b.timestamp_send === undefined ? {} : { timestampSend: b.timestamp_send }),
          ...transactionOf(b),
          surchargePercent: surcharge,
        }),
      )
      const m = await getMessage(ctx.deps, accountId, row.id)
      return sendEnvelope(ctx.deps, req, reply, { data: messageView(m, true), message: 'Updated' })
    },
  )

  app.delete<{ Params: { id: string } }>(
    '/messages/:id',
    {
      onRequest: write,
      schema: {
        tags,
        summary: 'Cancel a message not yet sent (messaggisms.com)',
        description:
          'Its messages that no dispatcher has taken are cancelled (and, as every cancelled ' +
          'message of the gateway, refunded); an open transaction is dropped.',
        params: MessageIdParams,
        response: { 200: DeletedAnswer, ...failures, 409: ErrorEnvelope },
      },
    },
    async (req, reply) => {
      const row = await findMessageRow(ctx.deps, req.principal.account.id, req.params.id)
      await deleteMessage(ctx.deps, row)
      return sendEnvelope(ctx.deps, req, reply, { data: [], message: `${row.id} Deleted` })
    },
  )

  app.get<{ Params: { id: string } }>(
    '/messages/:id/recipients',
    {
      onRequest: read,
      schema: {
        tags,
        summary: 'The recipients of a message, each with its status (messaggisms.com)',
        params: MessageIdParams,
        response: { 200: RecipientsAnswer, ...failures },
      },
    },
    async (req, reply) => {
      const m = await getMessage(ctx.deps, req.principal.account.id, req.params.id)
      return sendEnvelope(ctx.deps, req, reply, {
        data: m.recipients.map(recipientView),
        message: results(m.recipients.length),
      })
    },
  )

  app.get<{ Params: { id: string; number: string } }>(
    '/messages/:id/recipients/:number',
    {
      onRequest: read,
      schema: {
        tags,
        summary: 'One recipient of a message (messaggisms.com)',
        description: 'The number as given (`+39-3491234567`, URL-encoded) or the same number.',
        params: RecipientParams,
        response: { 200: RecipientsAnswer, ...failures },
      },
    },
    async (req, reply) => {
      const { id, number } = req.params
      const r = await getRecipient(ctx.deps, req.principal.account.id, id, number)
      return sendEnvelope(ctx.deps, req, reply, { data: [recipientView(r)], message: results(1) })
    },
  )
}

function recipientsOf(v: RecipientsField): RecipientInput[] {
  const list = Array.isArray(v) ? v : [v]
  return list.map((r) =>
    typeof r === 'string'
      ? { number: r, fields: null }
      : { number: r.number, fields: r.fields ?? null },
  )
}

function transactionOf(b: MessageChangeBody): { transaction?: boolean } {
  const t = b.transaction ?? b.options?.transaction
  return t === undefined ? {} : { transaction: t }
}

/** messaggisms.com's sender: 3-11 characters if alphanumeric, 3-14 digits if numeric. */
function senderProblems(sender: string): Violation[] {
  const numeric = /^\+?\d+$/.test(sender)
  const digits = sender.replace(/^\+/, '').length
  if (numeric && (digits < 3 || digits > 14))
    return [{ propertyPath: 'sender', message: 'a numeric sender has 3-14 digits' }]
  if (!numeric && (sender.length < 3 || sender.length > 11))
    return [{ propertyPath: 'sender', message: 'an alphanumeric sender has 3-11 characters' }]
  return []
}
