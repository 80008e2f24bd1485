// seven's /api/sms: POST (form or JSON) and the legacy GET send to one or many recipients;
// DELETE cancels messages not yet handed to a carrier. Each recipient is one ordinary message
// of the gateway, sent by sendSms as the LOX24 API sends it; this file only translates.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ServerContext } from '../server-context.js'
import type { AuthGuard } from '../../services/auth-guard/auth-guard.js'
import { availableMicro } from '../../services/accounts/account-model.js'
import { getAccount } from '../../services/accounts/manage-accounts.js'
import { cancelSevenMessages } from '../../services/seven/seven-messages.js'
import { sendToRecipients } from '../../services/seven/send-to-recipients.js'
import { withFiles } from '../../services/files/attach-files.js'
import { inRequestTerms } from '../violation-names.js'
import { sevenAuth } from './auth.js'
import { JSON_TYPE, TEXT, sevenErrorOf, wantsJson } from './answer.js'
import { SEVEN_CODES, SevenError } from './codes.js'
import { jsonAnswer, overallCode, textAnswer, type MessageOutcome } from './sms-answer.js'
import { parseSevenSmsParams, type SevenSmsParams } from './sms-params.js'
import { SEVEN_SMS_FIELDS, sevenSendCommand } from './to-command.js'
import {
  SevenDeleteAnswer,
  SevenDeleteBody,
  SevenSmsAnswer,
  SevenSmsParamsSchema,
} from './sms-schemas.js'

/** Recipients one request may name (after groups are expanded); a list beyond is a bulk's. */
export const MAX_RECIPIENTS = 1000

export async function sevenSmsRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  guard: AuthGuard,
): Promise<void> {
  // Before validation: a caller without a valid key learns nothing of its parameters.
  const preValidation = sevenAuth(ctx, guard, 'sms')
  const tags = ['seven.io']
  const answers = { 200: SevenSmsAnswer }

  const send = async (req: FastifyRequest, reply: FastifyReply) => {
    const input = { ...asObject(req.query), ...asObject(req.body) }
    const params = parseSevenSmsParams(input)
    // `files`: checked and stored first, their links in the text (services/files).
    const accountId = req.principal.account.id
    const messages = await withFiles(
      ctx.deps,
      { accountId, text: params.text, files: input.files },
      (text) => sendAll(ctx, req, { ...params, text }),
      (sent) => sent.some((m) => m.id !== null),
    )
    const code = overallCode(messages)
    const account = await getAccount(ctx.deps, req.principal.account.id)
    const balanceMicro =
      account.billingMode === 'prepaid' ? account.balanceMicro : availableMicro(account)
    const outcome = { code, messages, balanceMicro }
    reply.status(SEVEN_CODES[code].status)
    if (wantsJson(req)) return reply.type(JSON_TYPE).send(jsonAnswer(params, outcome))
    return reply.type(TEXT).send(textAnswer(params, outcome))
  }

  app.post(
    '/api/sms',
    {
      preValidation,
      schema: {
        tags,
        summary: 'Send an SMS to one or many recipients (seven.io)',
        description:
          'seven.io `POST /api/sms`, as a form or JSON. `to`: numbers separated by commas, or ' +
          'the name of a group or contact of the account. The answer is JSON with ' +
          '`Accept: application/json`, otherwise plain text whose first line is the return code ' +
          '(100 accepted, 101 failed for some recipients, 201 sender, 202 recipient, 301 no to, ' +
          '305 text, 401 text too long, 402 reload lock, 403 daily limit, 500 balance, 600 ' +
          'error, 900 authentication, 901 signature, 902 endpoint right, 903 address).',
        body: SevenSmsParamsSchema,
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        produces: ['application/json', 'text/plain'],
        response: answers,
      },
    },
    send,
  )
  app.get(
    '/api/sms',
    {
      preValidation,
      schema: {
        tags,
        summary: 'Send an SMS, legacy GET (seven.io)',
        description:
          'The parameters of POST /api/sms in the query, the key as `p`; plain-text answer ' +
          '(`return_msg_id=1`: the id on the next line; `details=1`: the booking in lines).',
        querystring: SevenSmsParamsSchema,
        produces: ['text/plain', 'application/json'],
        response: answers,
      },
    },
    send,
  )
  app.delete(
    '/api/sms',
    {
      preValidation,
      schema: {
        tags,
        summary: 'Cancel SMS not yet sent (seven.io)',
        description:
          '`ids`: the ids POST /api/sms answered, as an array or separated by commas. Messages ' +
          'no carrier has received yet are cancelled and refunded; `deleted` lists them.',
        body: SevenDeleteBody,
        response: { 200: SevenDeleteAnswer },
      },
    },
    async (req, reply) => {
      const ids = idsOf({ ...asObject(req.query), ...asObject(req.body) }.ids)
      const deleted = await cancelSevenMessages(ctx.deps, req.principal.account.id, ids)
      return reply.type(JSON_TYPE).send({ success: deleted.length === ids.length, deleted })
    },
  )
}

/** The request as the gateway's send, each recipient's outcome in seven's terms. */
async function sendAll(
  ctx: ServerContext,
  req: FastifyRequest,
  p: SevenSmsParams,
): Promise<MessageOutcome[]> {
  const who = { principal: req.principal, ip: req.ip }
  const outcomes = await inRequestTerms(
    SEVEN_SMS_FIELDS,
    sendToRecipients(ctx.deps, {
      principal: req.principal,
      entries: p.to,
      maxRecipients: MAX_RECIPIENTS,
      commandFor: (phone, sevenId) => sevenSendCommand(who, p, phone, sevenId),
      reloadLock: !p.noReload,
      dailyLimit: ctx.config.sevenDailyLimit,
      foreignId: p.foreignId,
      performanceTracking: p.performanceTracking,
    }),
  )
  if (outcomes === null)
    throw new SevenError(
      202,
      `to: names more than ${MAX_RECIPIENTS} recipients; send to larger audiences with POST /bulks`,
    )
  return outcomes.map((o) => {
    const base = {
      id: null,
      sender: p.from ?? '',
      recipient: o.phone === null ? o.given : o.phone.replace(/^\+/, ''),
      text: p.text,
      encoding: 'gsm' as const,
      parts: 0,
      priceMicro: 0,
      serviceCode: 'direct',
    }
    if (o.ok) {
      const { sms } = o
      return {
        ...base,
        id: o.sevenId,
        // The text as sent: with performance tracking its short links.
        ...(p.performanceTracking && p.binary === null ? { text: sms.text } : {}),
        sender: sms.sender_id,
        encoding: sms.is_unicode ? ('ucs2' as const) : ('gsm' as const),
        parts: sms.parts_count,
        priceMicro: sms.price_micro,
        serviceCode: sms.service_code,
        error: null,
      }
    }
    if (o.refusal === 'refused') {
      const e = sevenErrorOf(o.error, req)
      return { ...base, error: { code: e.code, text: e.message } }
    }
    const code = o.refusal === 'no-recipient' ? 202 : o.refusal === 'reload-lock' ? 402 : 403
    const text = o.refusal === 'no-recipient' ? `to: ${o.reason}` : SEVEN_CODES[code].meaning
    return { ...base, error: { code, text } }
  })
}

function asObject(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {}
}

/** `[77150850625, "77150850626"]` or `"77150850625,77150850626"`. */
function idsOf(v: unknown): string[] {
  const list = Array.isArray(v) ? v : typeof v === 'string' || typeof v === 'number' ? [v] : []
  const ids = list.flatMap((x) =>
    typeof x === 'number' || typeof x === 'string' ? String(x).split(',') : [''],
  )
  const clean = ids.map((s) => s.trim()).filter((s) => s !== '')
  if (
    clean.length === 0 ||
    clean.length > MAX_RECIPIENTS ||
    clean.some((s) => !/^\d{1,15}$/.test(s))
  )
    throw new SevenError(
      600,
      `ids: must be 1-${MAX_RECIPIENTS} message ids (digits), as an array or separated by commas`,
      {
        status: 400,
      },
    )
  return [...new Set(clean)]
}
