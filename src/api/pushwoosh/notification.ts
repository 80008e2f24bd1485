// One entry of createSMSMessage's `notifications` in the gateway's terms: the time to send at
// (`send_date` `now` or `YYYY-MM-DD HH:mm` on the wall clock of `timezone`, UTC by default), the
// text or preset, the one number, and the placeholder values.
import { isTimeZone, parseWallTime, unixAtWallTime } from '../../domain/time/zoned-time.js'
import type { SmsNotification } from '../../services/pushwoosh/send-sms-message.js'
import { invalid } from './answer.js'
import { bool, isObject, requiredText, text, type Fields } from './request.js'

/** Notifications one request may hold; each is one message. */
export const MAX_NOTIFICATIONS = 100

export type ParsedNotification = SmsNotification & { sendAt: number | null }

export function parseNotifications(r: Fields): ParsedNotification[] {
  const list = r.notifications
  if (!Array.isArray(list) || list.length === 0)
    throw invalid('notifications', '"notifications" must be a non-empty array.')
  if (list.length > MAX_NOTIFICATIONS)
    throw invalid('notifications', `"notifications" may hold at most ${MAX_NOTIFICATIONS} entries.`)
  return list.map((n, i) => {
    if (!isObject(n)) throw invalid('notifications', `"notifications[${i}]" must be an object.`)
    return parseNotification(n)
  })
}

function parseNotification(n: Fields): ParsedNotification {
  return {
    sendAt: sendDateOf(n),
    content: contentOf(n),
    device: deviceOf(n),
    autoRegister: bool(n, 'use_auto_registration') ?? false,
    placeholders: placeholdersOf(n),
    preset: presetOf(n),
  }
}

/** Unix seconds, or null for `now`. */
function sendDateOf(n: Fields): number | null {
  const given = requiredText(n, 'send_date', '"now" or YYYY-MM-DD HH:mm', 40)
  const zone = text(n, 'timezone', 64)
  if (zone !== null && !isTimeZone(zone))
    throw invalid('timezone', `"${zone}" is no IANA time zone name (e.g. Europe/Berlin, UTC).`)
  if (given === 'now') return null
  const wall = parseWallTime(given)
  if (wall === null)
    throw invalid('send_date', `"${given}" must be "now" or a date and time as YYYY-MM-DD HH:mm.`)
  return unixAtWallTime(wall, zone ?? 'UTC')
}

function contentOf(n: Fields): string | null {
  const v = n.content
  if (v === undefined || v === null) return null
  if (typeof v !== 'string') throw invalid('content', '"content" must be a string.')
  return v
}

function deviceOf(n: Fields): string {
  const v = n.devices
  if (!Array.isArray(v)) throw invalid('devices', '"devices" must be an array.')
  if (v.length !== 1)
    throw invalid('devices', `"devices" must hold exactly one phone number, not ${v.length}.`)
  const [device] = v
  if (typeof device !== 'string')
    throw invalid('devices', '"devices" must hold the phone number as a string.')
  return device.trim()
}

function presetOf(n: Fields): string | null {
  const v = text(n, 'preset', 40)
  return v === null || v === '' ? null : v
}

const MAX_PLACEHOLDERS = 100

function placeholdersOf(n: Fields): Record<string, string> {
  const v = n.dynamic_content_placeholders
  if (v === undefined || v === null) return {}
  const field = 'dynamic_content_placeholders'
  if (!isObject(v)) throw invalid(field, `"${field}" must be an object of names and values.`)
  const entries = Object.entries(v)
  if (entries.length > MAX_PLACEHOLDERS)
    throw invalid(field, `"${field}" may hold at most ${MAX_PLACEHOLDERS} values.`)
  const out: Record<string, string> = {}
  for (const [name, value] of entries) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out[name] = String(value)
    else throw invalid(field, `"${field}.${name}" must be a string, number or boolean.`)
  }
  return out
}
