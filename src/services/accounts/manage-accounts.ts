import { appError, validationError, type Violation } from '../../errors/app-error.js'
import { unixSeconds } from '../../shared/clock.js'
import { DEFAULT_ACCOUNT_SERVICES } from '../../domain/message/service-code.js'
import { toMicro } from '../../domain/pricing/money.js'
import * as accounts from '../../store/repositories/account.repository.js'
import type { AccountUpdate } from '../../store/tables/account.table.js'
import type { ServiceDeps } from '../deps.js'
import { endpointProblem } from '../webhooks/manage-webhooks.js'
import { accountFromRow, type Account } from './account-model.js'
import type { CreateAccountBody, UpdateAccountBody } from './account.schemas.js'

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'outbox' | 'settings'>

export async function createAccount(deps: Deps, input: CreateAccountBody): Promise<Account> {
  const violations: Violation[] = []
  // An opening balance below zero is a debt no one agreed to; money is taken by a top-up.
  const balance = nonNegative(input.balance ?? 0, 'balance', violations)
  const credit = nonNegative(input.credit_limit ?? 0, 'credit_limit', violations)
  const mode = input.billing_mode ?? 'prepaid'
  if (mode === 'prepaid' && credit !== 0) {
    violations.push({
      propertyPath: 'credit_limit',
      message: 'a prepaid account has no credit line',
    })
  }
  if (violations.length > 0) throw validationError(violations)
  const now = unixSeconds(deps.clock)
  return deps.db.transaction().execute(async (trx) => {
    const id = input.id ?? (await freeAccountId(trx))
    if (await accounts.findAccount(trx, id)) throw appError('ACCOUNT_EXISTS', { id })
    await accounts.insertAccount(trx, {
      id,
      name: input.name,
      country: input.country,
      currency: input.currency ?? 'EUR',
      billing_mode: mode,
      balance_micro: balance,
      credit_limit_micro: credit,
      is_text_deleted: input.is_text_deleted ? 1 : 0,
      services: JSON.stringify(input.services ?? DEFAULT_ACCOUNT_SERVICES),
      voice_lang: input.voice_lang ?? null,
      status: 'active',
      balance_changed_at: now,
      created_at: now,
    })
    return accountFromRow((await accounts.findAccount(trx, id))!)
  })
}

export async function getAccount(deps: Pick<ServiceDeps, 'db'>, id: number): Promise<Account> {
  const row = await accounts.findAccount(deps.db, id)
  if (!row) throw appError('ACCOUNT_NOT_FOUND', { id })
  return accountFromRow(row)
}

export async function listAccounts(deps: Pick<ServiceDeps, 'db'>): Promise<Account[]> {
  return (await accounts.listAccounts(deps.db)).map(accountFromRow)
}

export async function updateAccount(
  deps: Deps,
  id: number,
  input: UpdateAccountBody,
): Promise<Account> {
  const violations: Violation[] = []
  const patch: AccountUpdate = {}
  if (input.name !== undefined) patch.name = input.name
  if (input.country !== undefined) patch.country = input.country
  if (input.billing_mode !== undefined) patch.billing_mode = input.billing_mode
  if (input.credit_limit !== undefined) {
    patch.credit_limit_micro = nonNegative(input.credit_limit, 'credit_limit', violations)
  }
  if (input.is_text_deleted !== undefined) patch.is_text_deleted = input.is_text_deleted ? 1 : 0
  if (input.services !== undefined) patch.services = JSON.stringify(input.services)
  if (input.status !== undefined) patch.status = input.status
  if (input.voice_lang !== undefined) patch.voice_lang = input.voice_lang
  if (input.push_url !== undefined) {
    const problem =
      input.push_url === null
        ? null
        : endpointProblem(input.push_url, deps.settings.webhookAllowPrivate)
    if (problem) violations.push({ propertyPath: 'push_url', message: problem })
    patch.push_url = input.push_url
  }
  if (violations.length > 0) throw validationError(violations)
  return deps.db
    .transaction()
    .execute(async (trx) => {
      const row = await accounts.findAccount(trx, id)
      if (!row) throw appError('ACCOUNT_NOT_FOUND', { id })
      const mode = patch.billing_mode ?? row.billing_mode
      if (mode === 'prepaid') patch.credit_limit_micro = 0
      if (Object.keys(patch).length > 0) await accounts.updateAccount(trx, id, patch)
      return accountFromRow((await accounts.findAccount(trx, id))!)
    })
    .finally(() => deps.outbox.invalidate(id))
}

/** Adds (or, with a negative amount, takes) money; every change moves balance_changed_at. */
export async function topUp(deps: Deps, id: number, value: string | number): Promise<Account> {
  const violations: Violation[] = []
  const micro = amount(value, 'amount', violations)
  if (micro === 0) violations.push({ propertyPath: 'amount', message: 'must not be zero' })
  if (violations.length > 0) throw validationError(violations)
  return deps.db.transaction().execute(async (trx) => {
    const balance = await accounts.creditFunds(trx, id, micro, unixSeconds(deps.clock))
    if (balance === null) throw appError('ACCOUNT_NOT_FOUND', { id })
    return accountFromRow((await accounts.findAccount(trx, id))!)
  })
}

function amount(v: string | number, field: string, violations: Violation[]): number {
  const micro = toMicro(v)
  if (micro === null) {
    violations.push({
      propertyPath: field,
      message: 'must be a decimal with at most 6 fraction digits',
    })
    return 0
  }
  return micro
}

/** A credit line or opening balance: a negative one would be money owed from the start. */
function nonNegative(v: string | number, field: string, violations: Violation[]): number {
  const micro = amount(v, field, violations)
  if (micro < 0) violations.push({ propertyPath: field, message: 'must not be negative' })
  return micro
}

/** Seven-digit user ids like the spec's samples, picked at random so they do not reveal volume. */
async function freeAccountId(db: Parameters<typeof accounts.findAccount>[0]): Promise<number> {
  for (;;) {
    const id = 1_000_000 + Math.floor(Math.random() * 9_000_000)
    if (!(await accounts.findAccount(db, id))) return id
  }
}
