// One send request of the seven.io API: one text to several recipients, each an ordinary
// message sent by sendSms with a numeric id of its own. What seven adds per recipient (its
// names of groups and contacts, the reload lock, the daily limit) is decided here; the facade
// only renders the outcomes in seven's codes.
import { AppError, validationError } from '../../errors/app-error.js'
import { unixSeconds } from '../../shared/clock.js'
import type { ServiceDeps } from '../deps.js'
import type { Principal } from '../keys/authenticate.js'
import type { SendSmsCommand } from '../sms/send-command.js'
import { prepareMessage } from '../sms/prepare-message.js'
import { sendSms } from '../sms/send-sms.js'
import type { SmsRecord } from '../sms/sms-record.js'
import { recipientRefusal, recipientTurns, type LimitRefusal } from './recipient-limits.js'
import { resolveRecipients } from './recipients.js'
import { dropSevenMessageId, newSevenMessageId } from './seven-messages.js'

export type RecipientOutcome = { given: string; phone: string | null } & (
  | { ok: true; sevenId: string; sms: SmsRecord }
  | { ok: false; refusal: 'no-recipient' | LimitRefusal; reason: string }
  | { ok: false; refusal: 'refused'; error: AppError }
)

export type SendToRecipientsInput = {
  principal: Principal
  /** `to` as given: numbers, names of groups or contacts. */
  entries: readonly string[]
  maxRecipients: number
  /** The command for one recipient, carrying its seven id. */
  commandFor: (phone: string, sevenId: string) => SendSmsCommand
  reloadLock: boolean
  dailyLimit: number
  foreignId: string | null
  performanceTracking: boolean
}

/**
 * Sends to every recipient in turn; null when `entries` name more than `maxRecipients`. What
 * every recipient shares (text, sender, time) is checked first: a violation there throws, before
 * any message is made or charged.
 */
export async function sendToRecipients(
  deps: ServiceDeps,
  input: SendToRecipientsInput,
): Promise<RecipientOutcome[] | null> {
  const { account } = input.principal
  const recipients = await resolveRecipients(deps, account, input.entries, input.maxRecipients)
  if (recipients === null) return null
  const first = recipients.find((r) => 'phone' in r)
  if (first !== undefined && 'phone' in first) {
    const command = input.commandFor(first.phone, '0')
    const r = prepareMessage(command, account, unixSeconds(deps.clock))
    const shared = r.ok ? [] : r.violations.filter((v) => v.propertyPath !== 'to')
    if (shared.length > 0) throw validationError(shared)
  }
  const out: RecipientOutcome[] = []
  for (const r of recipients) {
    if (!('phone' in r)) {
      out.push({
        given: r.given,
        phone: null,
        ok: false,
        refusal: 'no-recipient',
        reason: r.problem,
      })
      continue
    }
    const command = input.commandFor(r.phone, '0')
    const text =
      command.payload.kind === 'binary'
        ? Buffer.from(command.payload.data).toString('hex')
        : command.payload.text
    // The check and the send it allows take their turn per account and number: two requests
    // at the same instant cannot both pass the reload lock or the daily limit in this process.
    out.push(
      await recipientTurns(deps).run(`${account.id}:${r.phone}`, async () => {
        const refusal = await recipientRefusal(deps, {
          accountId: account.id,
          phone: r.phone,
          text,
          reloadLock: input.reloadLock,
          dailyLimit: input.dailyLimit,
        })
        if (refusal !== null) return { ...r, ok: false, refusal, reason: refusal } as const
        const sevenId = await newSevenMessageId(deps, {
          accountId: account.id,
          foreignId: input.foreignId,
          performanceTracking: input.performanceTracking,
        })
        try {
          const { sms } = await sendSms(deps, input.commandFor(r.phone, sevenId))
          return { ...r, ok: true, sevenId, sms } as const
        } catch (err) {
          await dropSevenMessageId(deps, sevenId)
          // A refusal of this message (its balance, its destination); anything else is the request's.
          if (!(err instanceof AppError) || err.status >= 500) throw err
          return { ...r, ok: false, refusal: 'refused', error: err } as const
        }
      }),
    )
  }
  return out
}
