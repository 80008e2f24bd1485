// One recipient of a seven.io send request in the gateway's own terms.
import type { Principal } from '../../services/keys/authenticate.js'
import type { CommandField, SendSmsCommand, SmsPayload } from '../../services/sms/send-command.js'
import { classifySenderId } from '../../domain/message/sender-id.js'
import type { SevenSmsParams } from './sms-params.js'

/** seven's name of each field of the command. */
export const SEVEN_SMS_FIELDS = {
  to: 'to',
  from: 'from',
  text: 'text',
  serviceCode: 'type',
  sendAt: 'delay',
} as const satisfies Record<CommandField, string>

/** The sender when `from` is absent: the account's name where it is a valid sender id. */
export function defaultSender(principal: Principal): string {
  const name = principal.account.name.trim()
  return classifySenderId(name) === 'alphanumeric' ? name : 'SMS'
}

export function sevenPayload(p: SevenSmsParams): SmsPayload {
  if (p.binary !== null) return { kind: 'binary', data: p.binary, udh: p.udh }
  return { kind: 'text', text: p.text, encoding: p.unicode ? 'ucs2' : 'auto', udh: p.udh }
}

export function sevenSendCommand(
  req: { principal: Principal; ip: string | null },
  p: SevenSmsParams,
  phone: string,
  facadeId: string,
): SendSmsCommand {
  return {
    principal: req.principal,
    ip: req.ip,
    to: phone,
    from: p.from ?? defaultSender(req.principal),
    payload: sevenPayload(p),
    serviceCode: null,
    sendAt: p.delay,
    callbackData: null,
    source: null,
    voiceLang: null,
    textDeleted: null,
    messageClass: p.flash ? 0 : null,
    validityS: p.ttlMin * 60,
    facadeId,
    label: p.label,
    // seven.io reports clicks per message: one link per recipient.
    linkTracking: p.performanceTracking ? 'extended' : null,
  }
}
