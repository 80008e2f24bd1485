// What an application's messages did: counts per interval from their states (totalsByIntervals)
// and one message with its delivery (getMessageDetails). Only the application's own messages.
import { totalsByIntervals, type Scale, type Totals } from '../../domain/pushwoosh/totals.js'
import { validationError } from '../../errors/app-error.js'
import * as store from '../../store/repositories/pushwoosh.repository.js'
import type { PushwooshApplicationRow } from '../../store/tables/pushwoosh.table.js'
import type { ServiceDeps } from '../deps.js'
import { smsRecordFromRow } from '../sms/sms-record.js'
import type { SmsRow } from '../../store/tables/sms.table.js'
import type { SmsRecord } from '../sms/sms-record.js'

export async function messageTotals(
  deps: Pick<ServiceDeps, 'db'>,
  app: PushwooshApplicationRow,
  q: { fromS: number; toS: number; scale: Scale; code: string | null },
): Promise<{ startS: number; totals: Totals }[]> {
  if (q.code !== null) await messageOf(deps, app, q.code, 'message_code')
  const counts = await store.countMessageStates(deps.db, {
    applicationId: Number(app.id),
    fromS: q.fromS,
    toS: q.toS,
    stepS: q.scale === 'hour' ? 3600 : 86_400,
    code: q.code,
  })
  return totalsByIntervals(q.fromS, q.toS, q.scale, counts)
}

/** The application's message with this code, with its state; another's is not found, alike. */
export async function messageDetails(
  deps: Pick<ServiceDeps, 'db'>,
  app: PushwooshApplicationRow,
  code: string,
): Promise<{ sms: SmsRecord; state: SmsRow['state'] }> {
  const row = await messageOf(deps, app, code, 'message')
  return { sms: smsRecordFromRow(row), state: row.state }
}

async function messageOf(
  deps: Pick<ServiceDeps, 'db'>,
  app: PushwooshApplicationRow,
  code: string,
  field: string,
): Promise<SmsRow> {
  const row = await store.findMessageSms(deps.db, Number(app.id), code)
  if (row === undefined)
    throw validationError([
      { propertyPath: field, message: `"${code}" is no message of the application` },
    ])
  return row
}
