import { appError } from '../../errors/app-error.js'
import { parseQuery, type RawQuery } from '../../domain/query/parse-query.js'
import type { ParsedQuery } from '../../domain/query/filter-spec.js'
import { SMS_FILTERS, type SmsFilterProperty } from '../../domain/message/sms-filters.js'
import * as sms from '../../store/repositories/sms.repository.js'
import type { ServiceDeps } from '../deps.js'
import { smsRecordFromRow, type SmsRecord } from './sms-record.js'
import { isUuid } from '../../domain/uuid.js'
import { storedStatusCodes } from '../../domain/message/lox24-status.js'

export async function getSms(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
  uuid: string,
): Promise<SmsRecord> {
  const row = isUuid(uuid) ? await sms.findSms(deps.db, accountId, uuid.toLowerCase()) : undefined
  if (!row) throw appError('SMS_NOT_FOUND', { id: uuid })
  return smsRecordFromRow(row)
}

export async function listSms(
  deps: Pick<ServiceDeps, 'db' | 'dialect'>,
  accountId: number,
  query: RawQuery,
): Promise<{ items: SmsRecord[]; total: number; page: number }> {
  const parsed = parseSmsQuery(query, true)
  const { rows, total } = await sms.listSms(deps.db, deps.dialect, accountId, parsed)
  return { items: rows.map(smsRecordFromRow), total, page: parsed.page }
}

export function parseSmsQuery(query: RawQuery, paging: boolean): ParsedQuery<SmsFilterProperty> {
  const r = parseQuery(SMS_FILTERS, query, { paging })
  if (!r.ok) throw appError('INVALID_QUERY_PARAMETER', r.error)
  // status_code filters name the values the API shows; the store may hold finer ones (2010).
  const conditions = r.value.conditions.map((c) =>
    c.field === 'status_code' && c.op === 'in'
      ? { ...c, values: [...new Set(c.values.flatMap((v) => storedStatusCodes(Number(v))))] }
      : c,
  )
  return { ...r.value, conditions }
}
