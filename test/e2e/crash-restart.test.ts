// A gateway SIGKILLed with thousands of accepted messages leased to its dispatcher, against an
// SMSC in a process of its own, then started again: what the dead dispatcher never handed to
// its connector is sent at once, only what may have reached the SMSC waits in doubt for its
// receipt, and every message reaches the SMSC exactly once.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { openStore } from '../../src/store/db.js'
import { startTaube, type RunningTaube } from '../helpers/cli.js'
import { http } from '../helpers/http.js'
import { startSmscProcess } from '../helpers/smsc-process.js'
import { createTestDatabase } from '../helpers/test-database.js'
import { waitFor } from '../helpers/wait-for.js'

const TOKEN = '1234567:e3f3a759b6677959b6ebfc0123456789'
const ADMIN = 'e2e-admin-token-0123456789'
const N = 5_000
/** Long against the few seconds a restart takes: a submit before it is over was never in doubt. */
const IN_DOUBT_S = 60
/** The connector paces itself, so that the kill finds thousands leased and not yet sent. */
const RATE_PER_S = 200
const WINDOW = 10
/** The dispatcher's bound on messages handed to connectors and not recorded (MIN_UNRECORDED). */
const UNRECORDED_BOUND = Math.max(100, 2 * WINDOW)

describe('restart after a crash', () => {
  it(
    `SIGKILL with ${N} accepted: messages never handed to the connector go at once, none is lost or sent twice`,
    { timeout: 300_000 },
    async (t) => {
      const database = await createTestDatabase()
      const smsc = await startSmscProcess([
        '--system-id',
        'taube',
        '--password',
        'secret',
        '--dlr-delay-ms',
        '50',
      ])
      const env = {
        TAUBE_DATABASE_URL: database.url,
        TAUBE_BOOTSTRAP_TOKEN: TOKEN,
        TAUBE_ADMIN_TOKEN: ADMIN,
        TAUBE_IN_DOUBT_WAIT_S: String(IN_DOUBT_S),
      }
      let taube: RunningTaube = await startTaube(env)
      const store = openStore({ url: database.url })
      try {
        const admin = (path: string, body: unknown, method = 'PUT') =>
          http(taube.url, path, { method, body, headers: { Authorization: `Bearer ${ADMIN}` } })
        assert.equal(
          (await admin('/admin/accounts/1234567/topups', { amount: '10000' }, 'POST')).status,
          200,
        )
        const config = {
          host: '127.0.0.1',
          port: smsc.port,
          systemId: 'taube',
          password: 'secret',
          window: WINDOW,
          throughputPerS: RATE_PER_S,
        }
        const put = await admin('/admin/connectors/smsc', { kind: 'smpp', config })
        assert.equal(put.status, 200, put.text)
        const routes = (
          await http(taube.url, '/admin/routes', { headers: { Authorization: `Bearer ${ADMIN}` } })
        ).body.routes
        for (const r of routes) await admin(`/admin/routes/${r.id}`, undefined, 'DELETE')
        assert.equal(
          (await admin('/admin/routes', { connector_ids: ['smsc'] }, 'POST')).status,
          201,
        )

        // Texts of at most 20 characters: a receipt repeats them whole, to settle one in doubt.
        const texts = Array.from({ length: N }, (_, i) => `restart ${i}`)
        const accept = async (batch: string[], delivery_at?: number) => {
          for (let i = 0; i < batch.length; i += 200) {
            const rs = await Promise.all(
              batch.slice(i, i + 200).map((text) =>
                http(taube.url, '/sms', {
                  token: TOKEN,
                  body: {
                    sender_id: 'Taube',
                    phone: '+491701234567',
                    text,
                    ...(delivery_at ? { delivery_at } : {}),
                  },
                }),
              ),
            )
            assert.deepEqual(
              rs.filter((r) => r.status !== 201).map((r) => r.text),
              [],
            )
          }
        }
        // Accepting takes longer than sending on a busy machine: most are accepted for later and
        // then made due together (the dispatcher claims them), the rest due at once (handed to
        // the dispatcher as accepted).
        const scheduled = N - 500
        await accept(texts.slice(0, scheduled), Math.floor(Date.now() / 1000) + 3600)
        await store.db
          .updateTable('sms')
          .set({ due_at: Date.now() })
          .where('state', '=', 'scheduled')
          .execute()
        await accept(texts.slice(scheduled))
        taube.child.kill('SIGKILL')
        await new Promise((r) => taube.child.once('exit', r))
        await waitFor(
          'the SMSC saw the link close',
          async () => (await smsc.stats()).openSessions === 0,
        )
        const atKill = await smsc.stats()
        assert.ok(
          atKill.messages < N - 1000,
          `the kill came too late to prove anything (${atKill.messages} sent)`,
        )
        const leased = await store.db
          .selectFrom('sms')
          .select(sql<number>`count(*)`.as('n'))
          .where('state', '=', 'submitting')
          .executeTakeFirstOrThrow()
        assert.ok(Number(leased.n) > 1000, `the dead dispatcher held ${leased.n} messages`)
        // A PostgreSQL store may be shared by several processes: the restart tells the dead
        // dispatcher's leases from a live one's by its advisory lock, gone with its session.
        const leaseEnd = await store.db
          .selectFrom('sms')
          .select(sql<number>`min(lease_expires_at)`.as('at'))
          .where('state', '=', 'submitting')
          .executeTakeFirstOrThrow()

        const restartedAt = Date.now()
        taube = await startTaube(env)
        const listeningMs = Date.now() - restartedAt
        // Were the messages the dead dispatcher held all in doubt, nothing would go for 60 s;
        // were they released only once their leases ran out (20 to 30 s after the kill), nothing
        // would go before then.
        await waitFor(
          "a new submit before the dead dispatcher's leases run out",
          async () => (await smsc.stats()).submitSm > atKill.submitSm,
          Number(leaseEnd.at) - Date.now(),
          100,
        )
        const firstSubmitMs = Date.now() - restartedAt
        assert.ok(
          Date.now() < Number(leaseEnd.at),
          `first new submit ${firstSubmitMs} ms after the restart`,
        )
        t.diagnostic(
          `first new submit ${firstSubmitMs} ms after the restart began, listening after ${listeningMs} ms`,
        )
        const inDoubt = await store.db
          .selectFrom('sms')
          .select(sql<number>`count(*)`.as('n'))
          .where('in_doubt_until', 'is not', null)
          .executeTakeFirstOrThrow()
        assert.ok(
          Number(inDoubt.n) <= UNRECORDED_BOUND,
          `${inDoubt.n} in doubt: at most what was handed to the connector and not recorded`,
        )

        // What waits in doubt and no receipt settles goes once the wait is over.
        await waitFor(
          'nothing left to send',
          async () => {
            const left = await store.db
              .selectFrom('sms')
              .select('uuid')
              .where('state', 'in', ['queued', 'scheduled', 'submitting', 'sent'])
              .limit(1)
              .execute()
            return left.length === 0
          },
          (IN_DOUBT_S + 120) * 1000,
          500,
        )
        const rows = await store.db
          .selectFrom('sms')
          .select([
            sql<number>`count(*)`.as('n'),
            sql<number>`count(distinct carrier_message_id)`.as('ids'),
            sql<number>`sum(case when dlr_code = 1 then 1 else 0 end)`.as('delivered'),
          ])
          .executeTakeFirstOrThrow()
        // Each delivered message holds the id of an SMSC acceptance of its own: with as many
        // acceptances as messages, none was taken twice.
        assert.deepEqual(
          [Number(rows.n), Number(rows.delivered), Number(rows.ids)],
          [N, N, N],
          'every message delivered',
        )
        const end = await smsc.stats()
        assert.equal(end.messages, N, 'messages the SMSC accepted: none lost, none twice')
      } finally {
        await store.close()
        await taube.stop()
        await smsc.stop()
        await database.drop()
      }
    },
  )
})
