// The phone numbers registered to a Pushwoosh application (device_type 18, SMS): hwid is the
// number in E.164, as Pushwoosh requires it; userId is the caller's own id for the person.
import { validationError } from '../../errors/app-error.js'
import { normalizePhone, PHONE_MESSAGES } from '../../domain/phone/e164.js'
import { unixSeconds } from '../../shared/clock.js'
import * as store from '../../store/repositories/pushwoosh.repository.js'
import type { PushwooshApplicationRow } from '../../store/tables/pushwoosh.table.js'
import type { ServiceDeps } from '../deps.js'

export const E164_HINT = 'a phone number in E.164 format (+ and country code, e.g. +491701234567)'

/** The number as E.164, or why it is none; only the international form counts. */
export function e164Of(hwid: string): { ok: true; phone: string } | { ok: false; reason: string } {
  if (!/^\+[1-9]\d{1,14}$/.test(hwid)) return { ok: false, reason: `must be ${E164_HINT}` }
  const p = normalizePhone(hwid, null)
  return p.ok ? { ok: true, phone: p.e164 } : { ok: false, reason: PHONE_MESSAGES[p.reason] }
}

function phoneOrThrow(field: string, hwid: string): string {
  const p = e164Of(hwid)
  if (!p.ok) throw validationError([{ propertyPath: field, message: `"${hwid}" ${p.reason}` }])
  return p.phone
}

/** Registers the number to the application, or gives a registered one its new userId. */
export async function registerDevice(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  app: PushwooshApplicationRow,
  input: { hwid: string; userId: string | null },
): Promise<void> {
  await store.upsertDevice(deps.db, {
    application_id: Number(app.id),
    hwid: phoneOrThrow('hwid', input.hwid),
    account_id: Number(app.account_id),
    user_id: input.userId,
    created_at: unixSeconds(deps.clock),
  })
}

/** Removes the number from the application; whether it was registered. */
export async function unregisterDevice(
  deps: Pick<ServiceDeps, 'db'>,
  app: PushwooshApplicationRow,
  hwid: string,
): Promise<boolean> {
  return store.deleteDevice(deps.db, Number(app.id), phoneOrThrow('hwid', hwid))
}

/**
 * The number a message goes to, and whether it is to be registered once the message is accepted
 * (auto-registration of a number the application does not have yet).
 */
export async function deviceForMessage(
  deps: Pick<ServiceDeps, 'db'>,
  app: PushwooshApplicationRow,
  input: { device: string; autoRegister: boolean },
): Promise<{ phone: string; register: boolean }> {
  const phone = phoneOrThrow('devices', input.device)
  const known = await store.findDevice(deps.db, Number(app.id), phone)
  if (known !== undefined) return { phone, register: false }
  if (!input.autoRegister)
    throw validationError([
      {
        propertyPath: 'devices',
        message:
          `"${phone}" is not registered to the application: register it with /registerDevice ` +
          'or set "use_auto_registration": true',
      },
    ])
  return { phone, register: true }
}

/** Registers a number a message was accepted for, keeping a userId registered meanwhile. */
export async function autoRegister(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  app: PushwooshApplicationRow,
  phone: string,
): Promise<void> {
  await store.insertDeviceIfAbsent(deps.db, {
    application_id: Number(app.id),
    hwid: phone,
    account_id: Number(app.account_id),
    user_id: null,
    created_at: unixSeconds(deps.clock),
  })
}
