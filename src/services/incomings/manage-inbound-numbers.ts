import { unixSeconds } from '../../shared/clock.js'
import { appError, validationError, type Violation } from '../../errors/app-error.js'
import { normalizeNumberForm } from '../../domain/phone/e164.js'
import { findAccount } from '../../store/repositories/account.repository.js'
import * as numbers from '../../store/repositories/inbound-number.repository.js'
import type { InboundNumberRow } from '../../store/tables/incoming.table.js'
import type { ServiceDeps } from '../deps.js'
import { endpointProblem } from '../webhooks/manage-webhooks.js'
import type {
  CreateInboundNumberBody,
  InboundNumber,
  UpdateInboundNumberBody,
} from './inbound-number.schemas.js'

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'settings'>

/** Assigns a number to an account: inbound SMS to it belong to that account (spec §17.1). */
export async function createInboundNumber(
  deps: Deps,
  body: CreateInboundNumberBody,
): Promise<InboundNumber> {
  const number = normalizeNumberForm(body.number, null)
  const problems = await validate(deps, body)
  if (!number.ok)
    problems.unshift({ propertyPath: 'number', message: `not a phone number (${number.reason})` })
  if (problems.length > 0 || !number.ok) throw validationError(problems)
  if (await numbers.findInboundNumberByNumber(deps.db, number.e164)) {
    throw appError('INBOUND_NUMBER_EXISTS', { number: number.e164 })
  }
  const now = unixSeconds(deps.clock)
  const row = await numbers.insertInboundNumber(deps.db, {
    number: number.e164,
    account_id: body.account_id,
    endpoint: body.endpoint ?? null,
    kannel_mo_url: body.kannel_mo_url ?? null,
    created_at: now,
    updated_at: now,
  })
  return inboundNumberFromRow(row)
}

export async function listInboundNumbers(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number | null,
): Promise<InboundNumber[]> {
  return (await numbers.listInboundNumbers(deps.db, accountId)).map(inboundNumberFromRow)
}

export async function getInboundNumber(
  deps: Pick<ServiceDeps, 'db'>,
  id: number,
): Promise<InboundNumber> {
  const row = await numbers.findInboundNumber(deps.db, id)
  if (!row) throw appError('INBOUND_NUMBER_NOT_FOUND', { id })
  return inboundNumberFromRow(row)
}

export async function updateInboundNumber(
  deps: Deps,
  id: number,
  body: UpdateInboundNumberBody,
): Promise<InboundNumber> {
  await getInboundNumber(deps, id)
  const problems = await validate(deps, body)
  if (problems.length > 0) throw validationError(problems)
  const row = await numbers.updateInboundNumber(deps.db, id, {
    ...(body.account_id === undefined ? {} : { account_id: body.account_id }),
    ...(body.endpoint === undefined ? {} : { endpoint: body.endpoint }),
    ...(body.kannel_mo_url === undefined ? {} : { kannel_mo_url: body.kannel_mo_url }),
    updated_at: unixSeconds(deps.clock),
  })
  if (!row) throw appError('INBOUND_NUMBER_NOT_FOUND', { id })
  return inboundNumberFromRow(row)
}

/** Releases a number; messages already received stay with their account. */
export async function deleteInboundNumber(
  deps: Pick<ServiceDeps, 'db'>,
  id: number,
): Promise<void> {
  if (!(await numbers.deleteInboundNumber(deps.db, id)))
    throw appError('INBOUND_NUMBER_NOT_FOUND', { id })
}

async function validate(deps: Deps, body: UpdateInboundNumberBody): Promise<Violation[]> {
  const problems: Violation[] = []
  if (body.account_id !== undefined && !(await findAccount(deps.db, body.account_id))) {
    problems.push({
      propertyPath: 'account_id',
      message: `account ${body.account_id} does not exist`,
    })
  }
  if (body.endpoint) {
    const problem = endpointProblem(body.endpoint, deps.settings.webhookAllowPrivate)
    if (problem) problems.push({ propertyPath: 'endpoint', message: problem })
  }
  if (body.kannel_mo_url) {
    const problem = /^https?:\/\//i.test(body.kannel_mo_url)
      ? endpointProblem(body.kannel_mo_url, deps.settings.webhookAllowPrivate)
      : 'must be an http or https URL'
    if (problem) problems.push({ propertyPath: 'kannel_mo_url', message: problem })
  }
  return problems
}

function inboundNumberFromRow(row: InboundNumberRow): InboundNumber {
  return {
    id: Number(row.id),
    number: row.number,
    account_id: Number(row.account_id),
    endpoint: row.endpoint,
    kannel_mo_url: row.kannel_mo_url ?? null,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  }
}
