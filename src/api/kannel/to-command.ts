// A send request of Kannel's HTTP SMSC (`smsc = http`, `system-type = kannel`, spec §19 and
// Appendix B) in the gateway's own terms. Kannel sends octets: `text` in the `charset` it names
// (UTF-8 for coding 0, UTF-16BE for coding 2, raw data for coding 1), `udh` binary.
import { AppError, validationError, type Violation } from '../../errors/app-error.js'
import type { MessageClass } from '../../domain/encoding/data-coding.js'
import { parseUdh } from '../../domain/encoding/udh.js'
import { classifySenderId } from '../../domain/message/sender-id.js'
import type { Principal } from '../../services/keys/authenticate.js'
import type { CommandField, SendSmsCommand, SmsPayload } from '../../services/sms/send-command.js'
import type { KannelParams } from './params.js'

/** The Kannel name of each field of the command. */
export const KANNEL_SMS_FIELDS = {
  to: 'to',
  from: 'from',
  text: 'text',
  serviceCode: 'service',
  sendAt: 'deferred',
} as const satisfies Record<CommandField, string>

/** Kannel's `charset` names (iconv names, any case) → how to decode. */
const CHARSETS: Record<string, 'utf8' | 'utf16be' | 'latin1'> = {
  'utf-8': 'utf8',
  utf8: 'utf8',
  'utf-16be': 'utf16be',
  'utf-16': 'utf16be',
  'ucs-2': 'utf16be',
  ucs2: 'utf16be',
  'ucs-2be': 'utf16be',
  'iso-8859-1': 'latin1',
  latin1: 'latin1',
}

/** Minutes Kannel may ask for in `validity` and `deferred` (a year, as for delivery_at). */
const MAX_MINUTES = 365 * 24 * 60

export function kannelSendCommand(
  req: { principal: Principal; ip: string | null; params: KannelParams; service: string },
  nowS: number,
): SendSmsCommand {
  const { params } = req
  const violations: Violation[] = []
  const str = (name: string): string | undefined => params.get(name)?.toString('utf8')
  const to = str('to')?.trim() ?? ''
  if (to === '') violations.push({ propertyPath: 'to', message: 'is required' })
  const from = str('from')?.trim() ?? ''
  if (from === '') violations.push({ propertyPath: 'from', message: 'is required' })
  else if (classifySenderId(from) === null)
    violations.push({
      propertyPath: 'from',
      message:
        'must be a number of up to 15 digits (optional leading +) or 1-11 letters, digits and spaces',
    })

  const coding = integer(str('coding'), 'coding', 0, 2, violations)
  const mclass = integer(str('mclass'), 'mclass', 0, 3, violations)
  const validity = integer(str('validity'), 'validity', 0, MAX_MINUTES, violations)
  const deferred = integer(str('deferred'), 'deferred', 0, MAX_MINUTES, violations)
  const mask = integer(str('dlr-mask'), 'dlr-mask', 0, 31, violations)
  const udh = params.get('udh')
  if (udh !== undefined && udh.length > 0 && parseUdh(udh)?.headerLength !== udh.length)
    violations.push({ propertyPath: 'udh', message: 'is not a well-formed user data header' })

  const payload = payloadOf(params.get('text'), str('charset'), coding, udh, violations)
  const dlrUrl = str('dlr-url') ?? ''
  if (dlrUrl !== '' && !/^https?:\/\/[^\s]+$/i.test(dlrUrl))
    violations.push({ propertyPath: 'dlr-url', message: 'must be an http or https URL' })
  if (violations.length > 0 || payload === null) throw validationError(violations)

  const command: SendSmsCommand = {
    principal: req.principal,
    ip: req.ip,
    to,
    from,
    payload,
    serviceCode: req.service,
    sendAt: deferred ? nowS + deferred * 60 : null,
    callbackData: null,
    source: null,
    voiceLang: null,
    textDeleted: null,
    messageClass: mclass === null ? null : (mclass as MessageClass),
    validityS: validity ? validity * 60 : null,
    // Mode B. Without a mask Kannel wants no report (DLR_UNDEFINED): a URL alone asks for none.
    kannelDlrUrl: dlrUrl !== '' && mask ? { url: dlrUrl, mask, receiver: to, sender: from } : null,
  }
  return command
}

function payloadOf(
  text: Buffer | undefined,
  charset: string | undefined,
  coding: number | null,
  udh: Buffer | undefined,
  violations: Violation[],
): SmsPayload | null {
  if (text === undefined || text.length === 0) {
    violations.push({ propertyPath: 'text', message: 'must not be empty' })
    return null
  }
  const ownUdh = udh !== undefined && udh.length > 0 ? udh : null
  // coding 1 is 8-bit data as Kannel means it (data_coding 4), not text.
  if (coding === 1) return { kind: 'binary', data: text, udh: ownUdh }
  const how = CHARSETS[(charset ?? 'utf-8').toLowerCase()]
  if (how === undefined) {
    violations.push({ propertyPath: 'charset', message: `"${charset}" is not supported` })
    return null
  }
  const decoded = decode(text, how)
  if (decoded === null) {
    violations.push({ propertyPath: 'text', message: `is not valid ${charset ?? 'UTF-8'}` })
    return null
  }
  const encoding = coding === 2 ? 'ucs2' : coding === 0 ? 'gsm7' : 'auto'
  return { kind: 'text', text: decoded, encoding, udh: ownUdh }
}

function decode(bytes: Buffer, how: 'utf8' | 'utf16be' | 'latin1'): string | null {
  try {
    if (how === 'latin1') return bytes.toString('latin1')
    if (how === 'utf8') return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    if (bytes.length % 2 !== 0) return null
    return new TextDecoder('utf-16be', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

function integer(
  raw: string | undefined,
  name: string,
  min: number,
  max: number,
  violations: Violation[],
): number | null {
  if (raw === undefined || raw === '') return null
  const n = /^-?\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : NaN
  if (!(n >= min && n <= max)) {
    violations.push({ propertyPath: name, message: `must be an integer from ${min} to ${max}` })
    return null
  }
  return n
}

/** The service code of `/api/kannel/{service}.php`, lower-cased (spec §19.3). */
export function serviceOf(file: string): string {
  if (!/^[A-Za-z0-9_-]{1,32}\.php$/.test(file)) {
    throw new AppError('BAD_REQUEST', { detail: 'the path must be /api/kannel/{service}.php' })
  }
  return file.slice(0, -4).toLowerCase()
}
