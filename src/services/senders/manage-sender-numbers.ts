import { unixSeconds } from '../../shared/clock.js'
import { appError, validationError, type Violation } from '../../errors/app-error.js'
import { normalizePhone } from '../../domain/phone/e164.js'
import { findAccount } from '../../store/repositories/account.repository.js'
import * as senders from '../../store/repositories/sender-number.repository.js'
import type { ServiceDeps } from '../deps.js'
import { operatorSenderNumberFromRow, senderNumberFromRow } from './sender-number-model.js'
import type {
  OperatorSenderNumber,
  OperatorSenderNumberBody,
  SenderNumber,
} from './sender-number.schemas.js'

type Db = Pick<ServiceDeps, 'db'>

/** An account's sender numbers. */
export async function listSenderNumbers(deps: Db, accountId: number): Promise<SenderNumber[]> {
  return (await senders.listSenderNumbers(deps.db, accountId)).map(senderNumberFromRow)
}

export async function getSenderNumber(
  deps: Db,
  accountId: number,
  id: number,
): Promise<SenderNumber> {
  const row = await senders.findSenderNumber(deps.db, id, accountId)
  if (!row) throw appError('SENDER_NUMBER_NOT_FOUND', { id })
  return senderNumberFromRow(row)
}

/** The account gives a number up: replies to it stop coming to the account. */
export async function deleteSenderNumber(deps: Db, accountId: number, id: number): Promise<void> {
  if (!(await senders.deleteSenderNumber(deps.db, id, accountId))) {
    throw appError('SENDER_NUMBER_NOT_FOUND', { id })
  }
}

export async function listSenderNumbersForOperator(
  deps: Db,
  accountId: number | null,
): Promise<OperatorSenderNumber[]> {
  return (await senders.listSenderNumbers(deps.db, accountId)).map(operatorSenderNumberFromRow)
}

export async function getSenderNumberForOperator(
  deps: Db,
  id: number,
): Promise<OperatorSenderNumber> {
  const row = await senders.findSenderNumber(deps.db, id, null)
  if (!row) throw appError('SENDER_NUMBER_NOT_FOUND', { id })
  return operatorSenderNumberFromRow(row)
}

export async function deleteSenderNumberForOperator(deps: Db, id: number): Promise<void> {
  if (!(await senders.deleteSenderNumber(deps.db, id, null))) {
    throw appError('SENDER_NUMBER_NOT_FOUND', { id })
  }
}

/**
 * The operator vouches that an account holds a number (POST /admin/sender-numbers, `taube number
 * verify`): registered and verified at once, or a pending registration verified.
 */
export async function verifySenderNumberByOperator(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  body: OperatorSenderNumberBody,
): Promise<OperatorSenderNumber> {
  const problems: Violation[] = []
  const phone = normalizePhone(body.number, null)
  if (!phone.ok) {
    problems.push({
      propertyPath: 'number',
      message: `not a phone number (${phone.reason})`,
      code: phone.reason,
    })
  }
  if (!(await findAccount(deps.db, body.account_id))) {
    problems.push({
      propertyPath: 'account_id',
      message: `account ${body.account_id} does not exist`,
    })
  }
  if (problems.length > 0 || !phone.ok) throw validationError(problems)
  const now = unixSeconds(deps.clock)
  const verified = {
    verified_at: now,
    verified_by: 'operator' as const,
    code_hash: null,
    code_expires_at: null,
    attempts_left: 0,
  }
  const existing = await senders.findSenderNumberOf(deps.db, body.account_id, phone.e164)
  if (existing?.verified_at != null)
    throw appError('SENDER_NUMBER_VERIFIED', { id: Number(existing.id) })
  const row = existing
    ? await senders.updateSenderNumber(deps.db, Number(existing.id), {
        ...verified,
        updated_at: now,
      })
    : await senders.insertSenderNumber(deps.db, {
        account_id: body.account_id,
        number: phone.e164,
        ...verified,
        code_sent_at: null,
        created_at: now,
        updated_at: now,
      })
  if (!row) throw appError('SENDER_NUMBER_NOT_FOUND', { id: Number(existing?.id ?? 0) })
  return operatorSenderNumberFromRow(row)
}
