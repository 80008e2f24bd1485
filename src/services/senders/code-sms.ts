import { analyzeText } from '../../domain/encoding/segments.js'
import { GATEWAY_ACCOUNT_ID } from '../../domain/message/gateway-account.js'
import { PRIORITY } from '../../domain/message/priority.js'
import { DEFAULT_SERVICE_CODE } from '../../domain/message/service-code.js'
import { normalizePhone } from '../../domain/phone/e164.js'
import type { Db } from '../../store/database.js'
import { insertSms } from '../../store/repositories/sms.repository.js'
import type { SmsRow } from '../../store/tables/sms.table.js'
import type { ServiceDeps } from '../deps.js'
import { queuedFields } from '../sms/delivery-fields.js'

type Deps = Pick<ServiceDeps, 'ids' | 'clock' | 'settings'>

/**
 * Queues the SMS that carries a verification code, in the caller's transaction. It is the
 * gateway's own message, not the account's: an account that could list or filter it (GET /sms
 * with `text=`) could read the code for a number it does not hold. It costs the account nothing
 * (the sending limits bound what it costs the operator). Its stored text holds the code only as
 * long as the code can be used: ten minutes, a few attempts; only the operator's store sees it.
 */
export async function queueCodeSms(
  deps: Deps,
  db: Db,
  o: { number: string; code: string },
): Promise<string> {
  const text =
    `${o.code} is your code to confirm ${o.number} as a sender. ` +
    'It expires in 10 minutes. Not asked for it? Ignore this SMS.'
  const analysed = analyzeText(text, null)
  if (!analysed.ok) throw new Error(`code SMS text: ${analysed.error.code}`)
  const phone = normalizePhone(o.number, null)
  const now = Math.floor(deps.clock.nowMs() / 1000)
  const row: SmsRow = {
    uuid: deps.ids.uuid(),
    account_id: GATEWAY_ACCOUNT_ID,
    key_id: null,
    bulk_id: null,
    phone: o.number,
    iso2: phone.ok ? phone.iso2 : null,
    sender_id: deps.settings.verifySenderId,
    text: analysed.value.text,
    is_unicode: analysed.value.isUnicode ? 1 : 0,
    chars_count: analysed.value.charsCount,
    parts_count: analysed.value.partsCount,
    service_code: DEFAULT_SERVICE_CODE,
    voice_lang: null,
    callback_data: null,
    source: null,
    created_at: now,
    ip: null,
    is_text_deleted: 1,
    price_micro: 0,
    updated_at: now,
    ...queuedFields(deps, { deliveryAtS: 0, priority: PRIORITY.single }),
  }
  await insertSms(db, row)
  return row.uuid
}
