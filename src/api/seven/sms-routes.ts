// seven's /api/sms: POST (form or JSON) and the legacy GET send to one or many recipients;
// DELETE cancels messages not yet handed to a carrier. Each recipient is one ordinary message
// of the gateway, sent by sendSms as the LOX24 API sends it; this file only translates.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ServerContext } from '../server-context.js'
import type { AuthGuard } from '../../services/auth-guard/auth-guard.js'
import { validationError } from '../../errors/app-error.js'
import { availableMicro } from '../../services/accounts/account-model.js'
import { getAccount } from '../../services/accounts/manage-accounts.js'
import { prepareMessage } from '../../services/sms/prepare-message.js'
import { sendSms } from '../../services/sms/send-sms.js'
import { withFiles } from '../../services/files/attach-files.js'
import { recipientRefusal } from '../../services/seven/recipient-limits.js'
import { resolveRecipients } from '../../services/seven/recipients.js'
import {
  cancelSevenMessages,
  dropSevenMessageId,
  newSevenMessageId,
} from '../../services/seven/seven-messages.js'
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

/** Each recipient in turn: refused, or sent as one message with an id of its own. */
async function sendAll(
  ctx: ServerContext,
  req: FastifyRequest,
  p: SevenSmsParams,
): Promise<MessageOutcome[]> {
  const { principal } = req
  const { account } = principal
  const recipients = await resolveRecipients(ctx.deps, account, p.to, MAX_RECIPIENTS)
  const who = { principal, ip: req.ip }
  const first = recipients.find((r) => 'phone' in r)
  // The text, the sender and the time are the same for every recipient: checked once, so a bad
  // request is refused as a whole, with its code, before any message is made.
  if (first && 'phone' in first) {
    const nowS = Math.floor(ctx.deps.clock.nowMs() / 1000)
    const r = prepareMessage(sevenSendCommand(who, p, first.phone, '0'), account, nowS)
    const shared = r.ok ? [] : r.violations.filter((v) => v.propertyPath !== 'to')
    if (shared.length > 0)
      throw validationError(
        shared.map((v) => ({ ...v, propertyPath: SEVEN_SMS_FIELDS[v.propertyPath] })),
      )
  }
  const storedText = p.binary ? p.binary.toString('hex') : p.text
  const out: MessageOutcome[] = []
  for (const r of recipients) {
    const base = {
      id: null,
      sender: p.from ?? '',
      recipient: 'phone' in r ? r.phone.replace(/^\+/, '') : r.given,
      text: p.text,
      encoding: 'gsm' as const,
      parts: 0,
      priceMicro: 0,
      serviceCode: 'direct',
    }
    if (!('phone' in r)) {
      out.push({ ...base, error: { code: 202, text: `to: ${r.problem}` } })
      continue
    }
    const refusal = await recipientRefusal(ctx.deps, {
      accountId: account.id,
      phone: r.phone,
      text: storedText,
      reloadLock: !p.noReload,
      dailyLimit: ctx.config.sevenDailyLimit,
    })
    if (refusal !== null) {
      const code = refusal === 'reload-lock' ? 402 : 403
      out.push({ ...base, error: { code, text: SEVEN_CODES[code].meaning } })
      continue
    }
    const id = await newSevenMessageId(ctx.deps, {
      accountId: account.id,
      foreignId: p.foreignId,
      performanceTracking: p.performanceTracking,
    })
    try {
      const command = sevenSendCommand(who, p, r.phone, id)
      const { sms } = await inRequestTerms(SEVEN_SMS_FIELDS, sendSms(ctx.deps, command))
      out.push({
        ...base,
        id,
        sender: sms.sender_id,
        encoding: sms.is_unicode ? 'ucs2' : 'gsm',
        parts: sms.parts_count,
        priceMicro: sms.price_micro,
        serviceCode: sms.service_code,
        error: null,
      })
    } catch (err) {
      await dropSevenMessageId(ctx.deps, id)
      const e = sevenErrorOf(err as Error, req)
      if (e.status >= 500) throw err
      out.push({ ...base, error: { code: e.code, text: e.message } })
    }
  }
  return out
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
