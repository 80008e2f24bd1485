import type { SenderNumberRow } from '../../store/tables/sender-number.table.js'
import type { OperatorSenderNumber, SenderNumber } from './sender-number.schemas.js'

export function senderNumberFromRow(r: SenderNumberRow): SenderNumber {
  const open = r.verified_at === null && r.code_hash !== null && r.code_expires_at !== null
  return {
    id: Number(r.id),
    number: r.number,
    status: r.verified_at === null ? 'pending' : 'verified',
    verified_by: r.verified_by,
    verified_at: r.verified_at === null ? null : Number(r.verified_at),
    code_expires_at: open ? Math.floor(Number(r.code_expires_at) / 1000) : null,
    attempts_left: open ? r.attempts_left : 0,
    created_at: Number(r.created_at),
    updated_at: Number(r.updated_at),
  }
}

export function operatorSenderNumberFromRow(r: SenderNumberRow): OperatorSenderNumber {
  return { ...senderNumberFromRow(r), account_id: Number(r.account_id) }
}
