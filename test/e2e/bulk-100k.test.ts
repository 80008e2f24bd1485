import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

const N = 100_000

describe('a 100,000-recipient bulk', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer({}, { delivery: { idleMs: 20 }, bulks: { idleMs: 20 } })
    await s.admin(`/admin/accounts/${s.userId}/topups`, { body: { amount: '100000' } })
  })
  after(() => s.close())

  it(
    'completes through the simulator with exactly 100,000 messages, all delivered',
    { timeout: 450_000 },
    async () => {
      const g = await s.request('/groups', {
        token: s.token,
        body: { name: 'Everyone', name_a: 'Name' },
      })
      assert.equal(g.status, 201, g.text)
      for (let i = 0; i < N; i += 10_000) {
        const phones = Array.from({ length: 10_000 }, (_, j) => ({
          phone: `+4915${String(i + j).padStart(9, '0')}`,
          a: `N${i + j}`,
          callback_data: `r${i + j}`,
        }))
        const r = await s.request(`/groups/${g.body.id}/phones/batch`, {
          token: s.token,
          body: phones,
        })
        assert.equal(r.status, 201, r.text.slice(0, 500))
      }
      const bulk = await s.request('/bulks', {
        token: s.token,
        body: { sender_id: 'Taube', text: 'Hi [Name]', msg_groups: [g.body.id] },
      })
      assert.equal(bulk.status, 201, bulk.text)
      assert.equal(bulk.body.msg_total_count, N)
      const count = (where: 'all' | 'delivered') => async () => {
        let q = s.ctx.deps.db
          .selectFrom('sms')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('bulk_id', '=', bulk.body.uuid)
        if (where === 'delivered') q = q.where('dlr_code', '=', 1)
        return Number((await q.executeTakeFirstOrThrow()).n)
      }
      // Each count reads 100,000 rows: polled twice a second, not fifty times. On PostgreSQL on
      // two cores shared with the test itself this has taken from 127 s to over 200 s.
      await waitFor('all delivered', async () => (await count('delivered')()) === N, 420_000, 500)
      assert.equal(await count('all')(), N, 'exactly one SMS per recipient')
      const done = (await s.request(`/bulks/${bulk.body.uuid}`, { token: s.token })).body
      assert.equal(done.status_code, 100)
      assert.equal(done.msg_total_count, N)
      const sample = await s.ctx.deps.db
        .selectFrom('sms')
        .select(['text', 'callback_data', 'priority'])
        .where('bulk_id', '=', bulk.body.uuid)
        .where('phone', '=', '+4915000054321')
        .executeTakeFirstOrThrow()
      assert.deepEqual(sample, { text: 'Hi N54321', callback_data: 'r54321', priority: 10 })
    },
  )
})
