// One notification of createSMSMessage: a text (its own, or its preset's) with the dynamic
// content filled in, to one registered (or, once accepted, auto-registered) number, sent by sendSms as
// every front door sends. The message code is taken first so that it is stored with the message.
import { fillDynamicContent } from '../../domain/pushwoosh/dynamic-content.js'
import { validationError } from '../../errors/app-error.js'
import { unixSeconds } from '../../shared/clock.js'
import * as store from '../../store/repositories/pushwoosh.repository.js'
import type { PushwooshApplicationRow } from '../../store/tables/pushwoosh.table.js'
import type { ServiceDeps } from '../deps.js'
import type { SendSmsCommand } from '../sms/send-command.js'
import { sendSms } from '../sms/send-sms.js'
import type { SmsRecord } from '../sms/sms-record.js'
import { autoRegister, deviceForMessage } from './devices.js'

export type SmsNotification = {
  /** The text; null: the preset's. */
  content: string | null
  device: string
  autoRegister: boolean
  placeholders: Readonly<Record<string, string>>
  /** A preset code of the application; null: none. */
  preset: string | null
}

/** `XXXX-XXXXXXXX-XXXXXXXX`, as Pushwoosh's message codes look: random, upper-case hex. */
export function newMessageCode(deps: Pick<ServiceDeps, 'ids'>): string {
  const hex = deps.ids.uuid().replace(/-/g, '').toUpperCase()
  // The uuid's random tail: its leading time digits would repeat within one millisecond.
  const t = hex.slice(12)
  return `${t.slice(0, 4)}-${t.slice(4, 12)}-${t.slice(12, 20)}`
}

/** The text the notification sends: its content or its preset's, placeholders filled. */
async function textOf(
  deps: Pick<ServiceDeps, 'db'>,
  app: PushwooshApplicationRow,
  n: SmsNotification,
): Promise<string> {
  let template = n.content
  if (n.preset !== null) {
    const preset = await store.findPreset(deps.db, Number(app.id), n.preset)
    if (preset === undefined)
      throw validationError([
        { propertyPath: 'preset', message: `"${n.preset}" is no preset of the application` },
      ])
    template ??= preset.content
  }
  if (template === null)
    throw validationError([
      { propertyPath: 'content', message: 'is required (or a preset that gives it)' },
    ])
  const filled = fillDynamicContent(template, n.placeholders)
  if (!filled.ok)
    throw validationError([
      { propertyPath: 'dynamic_content_placeholders', message: filled.problem },
    ])
  return filled.text
}

/** Sends the notification; its message code and the message. */
export async function sendSmsMessage(
  deps: ServiceDeps,
  input: {
    application: PushwooshApplicationRow
    notification: SmsNotification
    /** The gateway's command for the text to the number, carrying the message code. */
    commandFor: (phone: string, text: string, code: string) => SendSmsCommand
  },
): Promise<{ code: string; sms: SmsRecord }> {
  const app = input.application
  const text = await textOf(deps, app, input.notification)
  const { phone, register } = await deviceForMessage(deps, app, {
    device: input.notification.device,
    autoRegister: input.notification.autoRegister,
  })
  const code = newMessageCode(deps)
  await store.insertMessage(deps.db, {
    code,
    account_id: Number(app.account_id),
    application_id: Number(app.id),
    created_at: unixSeconds(deps.clock),
  })
  try {
    const { sms } = await sendSms(deps, input.commandFor(phone, text, code))
    // Registered once the message is accepted: a refused one leaves nothing behind.
    if (register) await autoRegister(deps, app, phone)
    return { code, sms }
  } catch (err) {
    // Not accepted after all: nothing refers to the code.
    await store.deleteMessage(deps.db, code)
    throw err
  }
}
