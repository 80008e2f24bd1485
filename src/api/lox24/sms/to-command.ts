// The LOX24 SMS request (spec §7.3) in the gateway's own terms, and the way back for the names
// of violated fields.
import type { CommandField, SendSmsCommand } from '../../../services/sms/send-command.js'
import { linkTrackingOf, type SendSmsBody } from '../../../services/sms/sms.schemas.js'
import type { Principal } from '../../../services/keys/authenticate.js'

/** The LOX24 name of each field of the command. */
export const LOX24_SMS_FIELDS = {
  to: 'phone',
  from: 'sender_id',
  text: 'text',
  serviceCode: 'service_code',
  sendAt: 'delivery_at',
} as const satisfies Record<CommandField, string>

export function lox24SendCommand(
  req: { principal: Principal; ip: string | null; body: SendSmsBody },
  idempotencyKey?: string,
): SendSmsCommand {
  const { body } = req
  const command: SendSmsCommand = {
    principal: req.principal,
    ip: req.ip,
    to: body.phone,
    from: body.sender_id,
    // is_unicode: null detects, false forces GSM 03.38, true UCS-2.
    payload: {
      kind: 'text',
      text: body.text,
      encoding: body.is_unicode == null ? 'auto' : body.is_unicode ? 'ucs2' : 'gsm7',
    },
    serviceCode: body.service_code ?? null,
    sendAt: body.delivery_at ?? null,
    callbackData: body.callback_data ?? null,
    source: body.source ?? null,
    voiceLang: body.voice_lang ?? null,
    textDeleted: body.is_text_deleted ?? body.is_delete_text ?? null,
    linkTracking: linkTrackingOf(body.performance_tracking),
  }
  if (idempotencyKey !== undefined) command.idempotency = { key: idempotencyKey, fingerprint: body }
  return command
}
