// Workers of several processes expanding bulks: at any moment one worker holds a bulk.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { claimBulk, insertBulk } from '../../src/store/repositories/bulk.repository.js'
import type { Store } from '../../src/store/db.js'
import type { BulkRow } from '../../src/store/tables/bulk.table.js'
import { openTestStore } from '../helpers/test-database.js'

describe('claiming a bulk to expand', () => {
  let store: Store
  before(async () => {
    store = await openTestStore()
  })
  after(() => store.close())

  it('two workers claiming at the same moment never both hold one bulk', async () => {
    const nowMs = 1_000_000
    for (let i = 0; i < 25; i++) {
      const uuid = `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`
      await insertBulk(store.db, bulk(uuid))
      const [a, b] = await Promise.all([
        claimBulk(store.db, { workerId: 'a', leaseMs: 60_000, nowMs }),
        claimBulk(store.db, { workerId: 'b', leaseMs: 60_000, nowMs }),
      ])
      const holders = [a, b].filter((x) => x?.uuid === uuid)
      assert.equal(
        holders.length,
        1,
        `round ${i}: ${holders.map((h) => h!.lease_owner).join(', ')}`,
      )
      const row = await store.db
        .selectFrom('bulks')
        .select('lease_owner')
        .where('uuid', '=', uuid)
        .executeTakeFirstOrThrow()
      assert.equal(
        row.lease_owner,
        holders[0]!.lease_owner,
        'the one told it holds the bulk is the one recorded',
      )
      // Done with it: the next round has a single open bulk again.
      await store.db
        .updateTable('bulks')
        .set({ status_code: 100 })
        .where('uuid', '=', uuid)
        .execute()
    }
  })
})

function bulk(uuid: string): BulkRow {
  return {
    uuid,
    account_id: 1,
    key_id: null,
    sender_id: 'T',
    text: 'x',
    phones: '[]',
    msg_groups: '[]',
    delivery_at: 0,
    status_code: 5,
    msg_total_count: 0,
    msg_total_cost_micro: 0,
    reserved_micro: 0,
    created_at: 0,
    processed_at: 0,
    ip: null,
    is_unicode: null,
    is_dryrun: 0,
    service_code: 'direct',
    source: null,
    voice_lang: null,
    is_text_deleted: 0,
    cursor_source: 0,
    cursor_id: 0,
    lease_owner: null,
    lease_expires_at: null,
    link_tracking: null,
  }
}
