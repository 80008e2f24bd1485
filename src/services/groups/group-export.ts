import { csvRecord } from '../../domain/csv/csv-writer.js'
import { phonesPage } from '../../store/repositories/phone.repository.js'
import type { ServiceDeps } from '../deps.js'
import { columnHeaders } from './group-model.js'
import { liveGroup } from './manage-groups.js'

/** Phones read per query while exporting: a page is one chunk of the response. */
const EXPORT_PAGE = 1000

/**
 * GET /groups/{id}/file/csv (spec §11.5): `id,phone,<name_a|col_A>,…,<name_e|col_E>,callback_data`,
 * RFC 4180, UTF-8 without byte order mark. The group is checked first (404); the text is then
 * produced page by page as the caller reads it, so memory does not grow with the group.
 */
export async function exportGroupCsv(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  accountId: number,
  groupId: number,
): Promise<{ filename: string; chunks: AsyncIterable<string> }> {
  const group = await liveGroup(deps, accountId, groupId)
  async function* chunks(): AsyncGenerator<string> {
    yield csvRecord(['id', 'phone', ...columnHeaders(group), 'callback_data'])
    let afterId = 0
    for (;;) {
      const rows = await phonesPage(deps.db, { groupId, afterId, limit: EXPORT_PAGE })
      if (rows.length === 0) return
      yield rows
        .map((r) => csvRecord([String(r.id), r.phone, r.a, r.b, r.c, r.d, r.e, r.callback_data]))
        .join('')
      afterId = Number(rows.at(-1)!.id)
    }
  }
  return { filename: `group-${groupId}.csv`, chunks: chunks() }
}
