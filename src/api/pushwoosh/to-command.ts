// One Pushwoosh notification in the gateway's own terms.
import type { Principal } from '../../services/keys/authenticate.js'
import type { CommandField, SendSmsCommand } from '../../services/sms/send-command.js'
import { classifySenderId } from '../../domain/message/sender-id.js'

/** Pushwoosh's name of each field of the command. */
export const PUSHWOOSH_SMS_FIELDS = {
  to: 'devices',
  from: 'sender',
  text: 'content',
  serviceCode: 'content',
  sendAt: 'send_date',
} as const satisfies Record<CommandField, string>

/** The sender when the application names none: the account's name where it is a valid one. */
function defaultSender(principal: Principal): string {
  const name = principal.account.name.trim()
  return classifySenderId(name) === 'alphanumeric' ? name : 'SMS'
}

export function pushwooshSendCommand(
  req: { principal: Principal; ip: string | null },
  /** The application's sender id; null: the account's default. */
  sender: string | null,
  m: { sendAt: number | null; phone: string; text: string; code: string },
): SendSmsCommand {
  return {
    principal: req.principal,
    ip: req.ip,
    to: m.phone,
    from: sender ?? defaultSender(req.principal),
    payload: { kind: 'text', text: m.text, encoding: 'auto' },
    serviceCode: null,
    sendAt: m.sendAt,
    callbackData: null,
    source: null,
    voiceLang: null,
    textDeleted: null,
    facadeId: m.code,
  }
}
