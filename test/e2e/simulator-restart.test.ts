// The built-in simulator holds each receipt for its delay. A gateway stopped (SIGTERM) while it
// holds them, then started again: every message still gets its final receipt, and the shutdown
// line says how many receipts were left for the next start.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { openStore } from '../../src/store/db.js'
import { startTaube, type RunningTaube } from '../helpers/cli.js'
import { http } from '../helpers/http.js'
import { createTestDatabase } from '../helpers/test-database.js'
import { waitFor } from '../helpers/wait-for.js'

const TOKEN = '1234567:e3f3a759b6677959b6ebfc0123456789'
const ADMIN = 'e2e-admin-token-0123456789'
const N = 300
/** Far longer than the test: every receipt is still held when the gateway stops. */
const LONG_DELAY_MS = 600_000

describe('the simulator across a restart', () => {
  for (const thread of ['1', '0']) {
    it(
      `SIGTERM with ${N} receipts held (delivery thread ${thread === '1' ? 'on' : 'off'}): all come after the restart`,
      { timeout: 240_000 },
      async (t) => {
        const database = await createTestDatabase()
        const env = {
          TAUBE_DATABASE_URL: database.url,
          TAUBE_BOOTSTRAP_TOKEN: TOKEN,
          TAUBE_ADMIN_TOKEN: ADMIN,
          TAUBE_LOG_LEVEL: 'info',
          TAUBE_DELIVERY_THREAD: thread,
        }
        let taube: RunningTaube = await startTaube(env)
        const store = openStore({ url: database.url })
        t.after(async () => {
          await taube.stop()
          await store.close()
          await database.drop()
        })
        const put = await http(taube.url, '/admin/connectors/simulator', {
          method: 'PUT',
          headers: { Authorization: `Bearer ${ADMIN}` },
          body: { kind: 'simulator', config: { mix: { delivered: 1 }, dlrDelayMs: LONG_DELAY_MS } },
        })
        assert.equal(put.status, 200, put.text)

        for (let i = 0; i < N; i += 50) {
          const rs = await Promise.all(
            Array.from({ length: Math.min(50, N - i) }, (_, j) =>
              http(taube.url, '/sms', {
                token: TOKEN,
                body: { sender_id: 'Taube', phone: '+491701234567', text: `held ${i + j}` },
              }),
            ),
          )
          assert.deepEqual(
            rs.filter((r) => r.status !== 201).map((r) => r.text),
            [],
          )
        }
        const count = async (state: string) =>
          Number(
            (
              await sql<{
                n: number
              }>`select count(*) as n from sms where state = ${state}`.execute(store.db)
            ).rows[0]!.n,
          )
        await waitFor(
          'all sent and waiting for their receipts',
          async () => (await count('sent')) === N,
          60_000,
        )

        assert.equal(await taube.stop(), 0)
        const done = taube
          .output()
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as { msg: string; drained?: Record<string, number> })
          .find((l) => l.msg === 'shutdown complete')
        assert.ok(done, taube.output())
        assert.equal(done.drained?.receiptsHeld, N, JSON.stringify(done))
        assert.equal(await count('sent'), N, 'nothing delivered while stopped')
        assert.equal(await count('delivered'), 0)

        // The operator shortens the delay while the gateway is down.
        await sql`update connectors set config = ${JSON.stringify({ mix: { delivered: 1 }, dlrDelayMs: 50 })}
          where id = 'simulator'`.execute(store.db)
        taube = await startTaube(env)
        await waitFor(
          'every receipt after the restart',
          async () => (await count('delivered')) === N,
          60_000,
        )
        const codes = await sql<{ dlr_code: number }>`select distinct dlr_code from sms`.execute(
          store.db,
        )
        assert.deepEqual(
          codes.rows.map((r) => Number(r.dlr_code)),
          [1],
        )
      },
    )
  }
})
