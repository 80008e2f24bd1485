// Reading messages of the messaggisms.com API: only the caller's account's; another account's
// id is answered as an unknown one.
import { appError } from '../../errors/app-error.js'
import { parseRecipientNumber } from '../../domain/messaggi/recipient-number.js'
import * as repo from '../../store/repositories/messaggi.repository.js'
import type { MessaggiMessageRow } from '../../store/tables/messaggi.table.js'
import type { ServiceDeps } from '../deps.js'
import { messageFrom, type MessaggiMessage, type MessaggiRecipient } from './message-model.js'

type Deps = Pick<ServiceDeps, 'db'>

/** 24 lower- or upper-case hex digits. */
export const MESSAGE_ID = /^[0-9a-fA-F]{24}$/

export async function findMessageRow(
  deps: Deps,
  accountId: number,
  id: string,
): Promise<MessaggiMessageRow> {
  const row = MESSAGE_ID.test(id)
    ? await repo.findMessaggiMessage(deps.db, accountId, id.toLowerCase())
    : undefined
  if (row === undefined) throw appError('MESSAGGI_MESSAGE_NOT_FOUND', { id })
  return row
}

export async function getMessage(
  deps: Deps,
  accountId: number,
  id: string,
): Promise<MessaggiMessage> {
  const row = await findMessageRow(deps, accountId, id)
  return messageFrom(row, await repo.messaggiRecipientsOf(deps.db, accountId, [row.id]))
}

export async function listMessages(
  deps: Deps,
  accountId: number,
  page: { page: number; perPage: number },
): Promise<MessaggiMessage[]> {
  const rows = await repo.listMessaggiMessages(deps.db, accountId, {
    limit: page.perPage,
    offset: (page.page - 1) * page.perPage,
  })
  const recipients = await repo.messaggiRecipientsOf(
    deps.db,
    accountId,
    rows.map((r) => r.id),
  )
  return rows.map((m) =>
    messageFrom(
      m,
      recipients.filter((r) => r.message_id === m.id),
    ),
  )
}

/** One recipient, named as given (`+39-3491234567`) or by the same number in that form. */
export async function getRecipient(
  deps: Deps,
  accountId: number,
  id: string,
  number: string,
): Promise<MessaggiRecipient> {
  const row = await findMessageRow(deps, accountId, id)
  const parsed = parseRecipientNumber(number)
  const rows = await repo.messaggiRecipientsOf(
    deps.db,
    accountId,
    [row.id],
    parsed.ok ? parsed.e164 : undefined,
  )
  const message = messageFrom(row, parsed.ok ? rows : rows.filter((r) => r.number === number))
  const found = message.recipients[0]
  if (found === undefined) throw appError('MESSAGGI_RECIPIENT_NOT_FOUND', { id, number })
  return found
}
