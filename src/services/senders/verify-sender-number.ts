import { unixSeconds } from '../../shared/clock.js'
import { AppError, appError, validationError } from '../../errors/app-error.js'
import { normalizePhone } from '../../domain/phone/e164.js'
import type { Db } from '../../store/database.js'
import * as senders from '../../store/repositories/sender-number.repository.js'
import type { SenderNumberRow } from '../../store/tables/sender-number.table.js'
import type { Account } from '../accounts/account-model.js'
import type { ServiceDeps } from '../deps.js'
import { queueCodeSms } from './code-sms.js'
import { codeMatches, hashCode, newCode } from './sender-code.js'
import { senderNumberFromRow } from './sender-number-model.js'
import type { RegisterSenderNumberBody, SenderNumber } from './sender-number.schemas.js'

/**
 * How codes are sent and tried. A code lives 10 minutes and takes 5 guesses; a number gets a new
 * code at most once a minute and 5 times a day (whichever accounts ask: nobody may flood a phone
 * with codes), an account 20 codes a day (the operator pays for them).
 */
export const CODE_POLICY = {
  ttlMs: 10 * 60_000,
  attempts: 5,
  resendAfterS: 60,
  perNumberPerDay: 5,
  perAccountPerDay: 20,
} as const

const DAY_S = 24 * 3600

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'ids' | 'settings' | 'queued'>

/** POST /sender-numbers: registers a number for the account, pending, and sends it a code. */
export async function registerSenderNumber(
  deps: Deps,
  account: Pick<Account, 'id' | 'country'>,
  body: RegisterSenderNumberBody,
): Promise<SenderNumber> {
  const phone = normalizePhone(body.number, account.country)
  if (!phone.ok) {
    const message = `not a phone number (${phone.reason})`
    throw validationError([{ propertyPath: 'number', message, code: phone.reason }])
  }
  const existing = await senders.findSenderNumberOf(deps.db, account.id, phone.e164)
  if (existing)
    throw appError('SENDER_NUMBER_EXISTS', { number: phone.e164, id: Number(existing.id) })
  const now = unixSeconds(deps.clock)
  let row: SenderNumberRow
  try {
    row = await deps.db.transaction().execute(async (trx) => {
      const inserted = await senders.insertSenderNumber(trx, {
        account_id: account.id,
        number: phone.e164,
        verified_at: null,
        verified_by: null,
        code_hash: null,
        code_expires_at: null,
        attempts_left: 0,
        code_sent_at: null,
        created_at: now,
        updated_at: now,
      })
      return sendCode(deps, trx, inserted)
    })
  } catch (e) {
    if (!isUniqueViolation(e)) throw e
    const raced = await senders.findSenderNumberOf(deps.db, account.id, phone.e164)
    throw appError('SENDER_NUMBER_EXISTS', { number: phone.e164, id: Number(raced?.id ?? 0) })
  }
  deps.queued.notify()
  return senderNumberFromRow(row)
}

/** POST /sender-numbers/{id}/code: a new code, replacing the open one and its attempts. */
export async function resendSenderCode(
  deps: Deps,
  accountId: number,
  id: number,
): Promise<SenderNumber> {
  const current = await pendingOf(deps.db, accountId, id)
  const row = await deps.db.transaction().execute((trx) => sendCode(deps, trx, current))
  deps.queued.notify()
  return senderNumberFromRow(row)
}

/**
 * POST /sender-numbers/{id}/verify: the code sent to the number proves the account holds it. An
 * attempt is taken before the code is compared, in one statement, so parallel guesses get no
 * more than the attempts left between them.
 */
export async function confirmSenderNumber(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  accountId: number,
  id: number,
  code: string,
): Promise<SenderNumber> {
  const current = await pendingOf(deps.db, accountId, id)
  const nowMs = deps.clock.nowMs()
  const nowS = Math.floor(nowMs / 1000)
  if (current.code_hash === null || current.attempts_left <= 0) {
    throw codeProblem('CODE_ATTEMPTS_EXHAUSTED', id)
  }
  if (current.code_expires_at === null || nowMs >= Number(current.code_expires_at)) {
    throw codeProblem('CODE_EXPIRED', id)
  }
  const spent = await senders.spendCodeAttempt(deps.db, { id, accountId, nowS })
  if (!spent || spent.code_hash === null) throw codeProblem('CODE_ATTEMPTS_EXHAUSTED', id)
  if (!codeMatches(spent.code_hash, code)) {
    if (spent.attempts_left <= 0) throw codeProblem('CODE_ATTEMPTS_EXHAUSTED', id)
    throw validationError([
      {
        propertyPath: 'code',
        message: `wrong code; ${spent.attempts_left} attempt${spent.attempts_left === 1 ? '' : 's'} left`,
        code: 'CODE_WRONG',
      },
    ])
  }
  const row = await senders.updateSenderNumber(deps.db, id, {
    verified_at: nowS,
    verified_by: 'code',
    code_hash: null,
    code_expires_at: null,
    attempts_left: 0,
    updated_at: nowS,
  })
  if (!row) throw appError('SENDER_NUMBER_NOT_FOUND', { id })
  return senderNumberFromRow(row)
}

async function pendingOf(db: Db, accountId: number, id: number): Promise<SenderNumberRow> {
  const row = await senders.findSenderNumber(db, id, accountId)
  if (!row) throw appError('SENDER_NUMBER_NOT_FOUND', { id })
  if (row.verified_at !== null) throw appError('SENDER_NUMBER_VERIFIED', { id })
  return row
}

/**
 * Records the send first and counts after (one too many rolls back), as webhook creation does:
 * a transaction that writes first waits for its turn on a SQLite file other processes write.
 */
async function sendCode(deps: Deps, trx: Db, row: SenderNumberRow): Promise<SenderNumberRow> {
  const now = unixSeconds(deps.clock)
  const accountId = Number(row.account_id)
  await senders.recordCodeSend(trx, { account_id: accountId, number: row.number, sent_at: now })
  const toNumber = await senders.codeSendsSince(trx, { number: row.number, sinceS: now - DAY_S })
  const previous = toNumber.at(-2)
  if (previous !== undefined && now - previous < CODE_POLICY.resendAfterS) {
    const wait = previous + CODE_POLICY.resendAfterS - now
    throw limit(`a code was sent to ${row.number} ${now - previous} s ago`, wait)
  }
  if (toNumber.length > CODE_POLICY.perNumberPerDay) {
    const wait = toNumber[0]! + DAY_S - now
    throw limit(`${row.number} got ${CODE_POLICY.perNumberPerDay} codes in 24 h`, wait)
  }
  const byAccount = await senders.codeSendsSince(trx, { accountId, sinceS: now - DAY_S })
  if (byAccount.length > CODE_POLICY.perAccountPerDay) {
    const wait = byAccount[0]! + DAY_S - now
    throw limit(`the account was sent ${CODE_POLICY.perAccountPerDay} codes in 24 h`, wait)
  }
  const code = newCode()
  const updated = await senders.updateSenderNumber(trx, Number(row.id), {
    code_hash: hashCode(code),
    code_expires_at: deps.clock.nowMs() + CODE_POLICY.ttlMs,
    attempts_left: CODE_POLICY.attempts,
    code_sent_at: now,
    updated_at: now,
  })
  await queueCodeSms(deps, trx, { number: row.number, code })
  return updated!
}

function limit(detail: string, retryAfterS: number): AppError {
  const retryAfter = Math.max(1, retryAfterS)
  const headers = { 'Retry-After': String(retryAfter) }
  return new AppError('SENDER_CODE_LIMIT', { detail, retryAfter }, { headers })
}

const CODE_MESSAGES = {
  CODE_EXPIRED: 'the code has expired; request a new one with POST /sender-numbers/{id}/code',
  CODE_ATTEMPTS_EXHAUSTED:
    'no attempts left for this code; request a new one with POST /sender-numbers/{id}/code',
} as const

function codeProblem(code: keyof typeof CODE_MESSAGES, id: number): AppError {
  const message = CODE_MESSAGES[code].replace('{id}', String(id))
  return validationError([{ propertyPath: 'code', message, code }])
}

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505'
}
