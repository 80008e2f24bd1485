// The Pushwoosh-compatible SMS API (spec compat.md §3): `/json/1.3/...` as api.pushwoosh.com
// serves it, so a Pushwoosh customer moves by changing the base URL, the application code and
// the token. Each call translates into the gateway's own services; the room sends nothing itself.
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../server-context.js'
import type { AuthGuard } from '../../services/auth-guard/auth-guard.js'
import { fromMicro } from '../../domain/pricing/money.js'
import { PUSHWOOSH_MESSAGE_STATUS, SMS_DEVICE_TYPE } from '../../domain/pushwoosh/message-status.js'
import { MAX_INTERVALS, SCALES, type Scale } from '../../domain/pushwoosh/totals.js'
import {
  formatWallTime,
  isTimeZone,
  parseWallTime,
  unixAtWallTime,
  wallTimeAt,
} from '../../domain/time/zoned-time.js'
import { AppError } from '../../errors/app-error.js'
import { registerDevice, unregisterDevice } from '../../services/pushwoosh/devices.js'
import { messageDetails, messageTotals } from '../../services/pushwoosh/message-stats.js'
import { sendSmsMessage } from '../../services/pushwoosh/send-sms-message.js'
import { documentAuth } from '../openapi.js'
import { inRequestTerms } from '../violation-names.js'
import {
  PushwooshError,
  invalid,
  ok,
  pushwooshErrorHandler,
  pushwooshErrorOf,
  sendPushwooshError,
} from './answer.js'
import { callerOf, pushwooshAuth } from './auth.js'
import { parseNotifications } from './notification.js'
import { requestOf, requiredText, text, type Fields } from './request.js'
import {
  MessageDetailsResponse,
  MessagesResponse,
  Notification,
  TotalsResponse,
  answer,
  envelope,
} from './schemas.js'
import { PUSHWOOSH_SMS_FIELDS, pushwooshSendCommand } from './to-command.js'
import { Type } from '@sinclair/typebox'

const BASE = '/json/1.3'

export async function pushwooshRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  guard: AuthGuard,
): Promise<void> {
  app.setErrorHandler(pushwooshErrorHandler)
  documentAuth(app, 'pushwoosh', 'application/json')
  const common = {
    preHandler: pushwooshAuth(ctx, guard),
    // The fields are read one by one (request.ts), each refused in Pushwoosh's words.
    attachValidation: true,
  }
  const tags = ['Pushwoosh']
  const NullResponse = Type.Null()

  app.post(
    `${BASE}/createSMSMessage`,
    {
      ...common,
      schema: {
        tags,
        summary: 'Send SMS messages (Pushwoosh)',
        description:
          'Each notification is one SMS to the one number in `devices`, which must be registered ' +
          'to the application (registerDevice) unless `use_auto_registration` is true. The ' +
          'answer lists the code of each message sent; an error names the field and why ' +
          '(status_code 210), with the codes of the notifications sent before it.',
        body: envelope(
          {
            notifications: Type.Array(Notification, { minItems: 1, maxItems: 100 }),
          },
          'createSMSMessage',
        ),
        response: { 200: answer(MessagesResponse, 'The message codes, or the argument error') },
      },
    },
    async (req, reply) => {
      const { principal, application } = callerOf(req)
      const list = parseNotifications(requestOf(req.body))
      const codes: string[] = []
      for (const [i, n] of list.entries()) {
        try {
          const sent = await inRequestTerms(
            PUSHWOOSH_SMS_FIELDS,
            sendSmsMessage(ctx.deps, {
              application,
              notification: n,
              commandFor: (phone, text, code) =>
                pushwooshSendCommand({ principal, ip: req.ip }, application.sender, {
                  sendAt: n.sendAt,
                  phone,
                  text,
                  code,
                }),
            }),
          )
          codes.push(sent.code)
        } catch (err) {
          if (!(err instanceof AppError) || err.status >= 500) throw err
          const e = pushwooshErrorOf(err, req)
          const message = list.length > 1 ? `notifications[${i}]: ${e.message}` : e.message
          return sendPushwooshError(reply, new PushwooshError(message), { Messages: codes })
        }
      }
      return ok(reply, { Messages: codes })
    },
  )

  app.post(
    `${BASE}/registerDevice`,
    {
      ...common,
      schema: {
        tags,
        summary: 'Register a phone number to the application (Pushwoosh)',
        description:
          '`hwid`: the number in E.164; `device_type`: 18 (SMS), the only type here; `userId`: ' +
          'your id for the person. Registering a number again changes its userId.',
        body: envelope(
          {
            hwid: Type.String({ examples: ['+491701234567'] }),
            device_type: Type.Optional(Type.Integer({ examples: [SMS_DEVICE_TYPE] })),
            userId: Type.Optional(Type.String({ examples: ['customer-4711'] })),
          },
          'registerDevice',
        ),
        response: { 200: answer(NullResponse, 'OK, or the argument error') },
      },
    },
    async (req, reply) => {
      const { application } = callerOf(req)
      const r = requestOf(req.body)
      const hwid = requiredText(r, 'hwid', 'the phone number in E.164 format', 40)
      if (r.device_type !== undefined && r.device_type !== SMS_DEVICE_TYPE)
        throw invalid('device_type', `"device_type" must be ${SMS_DEVICE_TYPE} (SMS).`)
      const userId = text(r, 'userId', 200)
      await registerDevice(ctx.deps, application, { hwid: hwid.trim(), userId })
      return ok(reply, null)
    },
  )

  app.post(
    `${BASE}/unregisterDevice`,
    {
      ...common,
      schema: {
        tags,
        summary: 'Remove a phone number from the application (Pushwoosh)',
        description: 'OK whether the number was registered or not.',
        body: envelope({ hwid: Type.String({ examples: ['+491701234567'] }) }, 'unregisterDevice'),
        response: { 200: answer(NullResponse, 'OK, or the argument error') },
      },
    },
    async (req, reply) => {
      const { application } = callerOf(req)
      const hwid = requiredText(requestOf(req.body), 'hwid', 'the phone number in E.164 format', 40)
      await unregisterDevice(ctx.deps, application, hwid.trim())
      return ok(reply, null)
    },
  )

  app.post(
    `${BASE}/totalsByIntervals`,
    {
      ...common,
      schema: {
        tags,
        summary: "The application's messages per interval: sent, delivered, failed (Pushwoosh)",
        description:
          'From `datetime_from` to `datetime_to` (YYYY-MM-DD HH:mm[:ss] on the wall clock of ' +
          '`timezone`, UTC by default), in intervals of an `hour` (at most 31 days) or a `day` ' +
          '(at most 366), counted from the messages’ states now. `message_code`: one message only.',
        body: envelope(
          {
            datetime_from: Type.String({ examples: ['2026-12-01 00:00'] }),
            datetime_to: Type.String({ examples: ['2026-12-02 00:00'] }),
            scale: Type.Optional(Type.String({ enum: Object.keys(SCALES) })),
            timezone: Type.Optional(Type.String({ examples: ['Europe/Berlin'] })),
            message_code: Type.Optional(Type.String({ examples: ['7A3F-0B10ECB6-0D9F214D'] })),
          },
          'totalsByIntervals',
        ),
        response: { 200: answer(TotalsResponse, 'The counts per interval, or the argument error') },
      },
    },
    async (req, reply) => {
      const { application } = callerOf(req)
      const r = requestOf(req.body)
      const zone = zoneOf(r)
      const fromS = timeOf(r, 'datetime_from', 'datefrom', zone)
      const toS = timeOf(r, 'datetime_to', 'dateto', zone)
      const scale = scaleOf(r)
      if (toS <= fromS) throw invalid('datetime_to', '"datetime_to" must be after datetime_from.')
      if (Math.ceil((toS - fromS) / SCALES[scale]) > MAX_INTERVALS[scale])
        throw invalid(
          'datetime_to',
          `At most ${MAX_INTERVALS[scale]} intervals of a ${scale} per request.`,
        )
      const code = text(r, 'message_code', 40)
      const intervals = await messageTotals(ctx.deps, application, { fromS, toS, scale, code })
      return ok(reply, {
        scale,
        timezone: zone,
        metrics: intervals.map((m) => ({
          timestamp: formatWallTime(wallTimeAt(m.startS, zone)),
          platform: SMS_DEVICE_TYPE,
          ...m.totals,
        })),
      })
    },
  )

  app.post(
    `${BASE}/getMessageDetails`,
    {
      ...common,
      schema: {
        tags,
        summary: 'One message of the application and its delivery (Pushwoosh)',
        description: '`message`: the code createSMSMessage answered with.',
        body: envelope(
          { message: Type.String({ examples: ['7A3F-0B10ECB6-0D9F214D'] }) },
          'getMessageDetails',
        ),
        response: { 200: answer(MessageDetailsResponse, 'The message, or the argument error') },
      },
    },
    async (req, reply) => {
      const { application } = callerOf(req)
      const code = requiredText(requestOf(req.body), 'message', 'the message code', 40)
      const { sms, state } = await messageDetails(ctx.deps, application, code)
      const utc = (s: number) => formatWallTime(wallTimeAt(s, 'UTC'))
      return ok(reply, {
        message: {
          code,
          created: utc(sms.created_at),
          send_date: utc(sms.delivery_at > 0 ? sms.delivery_at : sms.created_at),
          status: PUSHWOOSH_MESSAGE_STATUS[state],
          content: sms.text,
          platforms: [SMS_DEVICE_TYPE],
          device: sms.phone,
          delivery: {
            state,
            status_code: sms.status_code,
            dlr_code: sms.dlr_code,
            parts: sms.parts_count,
            price: fromMicro(sms.price_micro),
          },
        },
      })
    },
  )
}

function zoneOf(r: Fields): string {
  const zone = text(r, 'timezone', 64)
  if (zone === null) return 'UTC'
  if (!isTimeZone(zone))
    throw invalid('timezone', `"${zone}" is no IANA time zone name (e.g. Europe/Berlin, UTC).`)
  return zone
}

/** A time field (or its older name) as unix seconds. */
function timeOf(r: Fields, field: string, alias: string, zone: string): number {
  const given = text(r, field, 40) ?? text(r, alias, 40)
  if (given === null) throw invalid(field, `"${field}" is required: YYYY-MM-DD HH:mm[:ss].`)
  const wall = parseWallTime(given)
  if (wall === null)
    throw invalid(field, `"${given}" must be a date and time as YYYY-MM-DD HH:mm[:ss].`)
  return unixAtWallTime(wall, zone)
}

function scaleOf(r: Fields): Scale {
  const scale = text(r, 'scale', 10) ?? 'hour'
  if (!Object.hasOwn(SCALES, scale))
    throw invalid('scale', `"scale" must be ${Object.keys(SCALES).join(' or ')}.`)
  return scale as Scale
}
