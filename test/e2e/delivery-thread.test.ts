// `taube serve` on SQLite runs the delivery engine in a thread of its own, linked to the API
// thread. Everything that crosses that link is exercised here, in both modes.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import SqliteDatabase from 'better-sqlite3'
import { startTaube } from '../helpers/cli.js'
import { http } from '../helpers/http.js'
import { startReceiver } from '../helpers/receiver.js'
import { waitFor } from '../helpers/wait-for.js'

const TOKEN = '1234567:e3f3a759b6677959b6ebfc0123456789'
const ADMIN = 'e2e-admin-token-0123456789'
const SMS = { sender_id: 'Taube', phone: '+491701234567' }

const MODES: { name: string; env: Record<string, string>; threaded: boolean }[] = [
  { name: 'in a thread of its own (the default)', env: {}, threaded: true },
  {
    name: 'on the API thread (TAUBE_DELIVERY_THREAD=0)',
    env: { TAUBE_DELIVERY_THREAD: '0' },
    threaded: false,
  },
]

for (const mode of MODES) {
  describe(`taube serve on SQLite, delivery ${mode.name}`, () => {
    it('sends, reports, answers for the live engine and stops cleanly', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'taube-thread-'))
      const hooks = await startReceiver()
      const taube = await startTaube({
        TAUBE_DATABASE_URL: `sqlite:${join(dir, 'taube.db')}`,
        TAUBE_BOOTSTRAP_TOKEN: TOKEN,
        TAUBE_ADMIN_TOKEN: ADMIN,
        TAUBE_WEBHOOK_ALLOW_PRIVATE: '1',
        TAUBE_LOG_LEVEL: 'info',
        // Idle workers would look for work only every ten minutes: whatever is delivered
        // within waitFor's time was woken by the change that made it.
        TAUBE_QUEUE_POLL_MS: '600000',
        ...mode.env,
      })
      const admin = { Authorization: `Bearer ${ADMIN}` }
      const delivered = (uuid: string) =>
        waitFor(`${uuid} delivered`, async () => {
          const m = (await http(taube.url, `/sms/${uuid}`, { token: TOKEN })).body
          return m.dlr_code === 1 ? m : undefined
        })
      try {
        assert.equal(/runs in a thread of its own/.test(taube.output()), mode.threaded)

        // Each message as it was stored, recorded by a trigger beside the running server.
        const file = new SqliteDatabase(join(dir, 'taube.db'))
        file.exec(`create table sms_inserted (uuid text, state text, lease_owner text);
          create trigger sms_inserted after insert on sms begin
            insert into sms_inserted values (new.uuid, new.state, new.lease_owner); end`)
        const inserted = (uuid: string) =>
          file.prepare('select state, lease_owner from sms_inserted where uuid = ?').get(uuid) as
            { state: string; lease_owner: string } | undefined

        // Accepted on one side, stored leased to the engine on the other and handed over.
        const first = await http(taube.url, '/sms', {
          token: TOKEN,
          body: { ...SMS, text: 'first' },
        })
        assert.equal(first.status, 201, first.text)
        await delivered(first.body.uuid)
        assert.equal(inserted(first.body.uuid)?.state, 'submitting')
        assert.match(inserted(first.body.uuid)?.lease_owner ?? '', /^dispatcher-/)

        // Queued on one side (a request with an Idempotency-Key is), sent on the other: the
        // wake-up crosses.
        const queued = await http(taube.url, '/sms', {
          token: TOKEN,
          headers: { 'Idempotency-Key': 'delivery-thread-1' },
          body: { ...SMS, text: 'queued' },
        })
        assert.equal(queued.status, 201, queued.text)
        assert.deepEqual(inserted(queued.body.uuid), { state: 'queued', lease_owner: null })
        await delivered(queued.body.uuid)
        file.close()

        // The engine read the account's (empty) event targets a moment ago; a webhook made now
        // on the API side is used for the very next report.
        const hook = await http(taube.url, '/webhooks', {
          token: TOKEN,
          body: { uri: hooks.url, events: ['sms.delivery'] },
        })
        assert.equal(hook.status, 201, hook.text)
        const second = await http(taube.url, '/sms', {
          token: TOKEN,
          body: { ...SMS, text: 'second', callback_data: 'cb-2' },
        })
        await delivered(second.body.uuid)
        const event = await waitFor('sms.delivery', () =>
          hooks.json().find((e) => e.data.id === second.body.uuid),
        )
        assert.equal(event.data.callback_data, 'cb-2')

        // Calls into the live engine.
        const connectors = (await http(taube.url, '/admin/connectors', { headers: admin })).body
          .connectors
        const simulator = connectors.find((c: { kind: string }) => c.kind === 'simulator')
        assert.ok(simulator.state.submitted >= 2, JSON.stringify(simulator))
        assert.equal(simulator.state.up, true)
        const metrics = await http(taube.url, '/metrics')
        assert.equal(metrics.status, 200)
        assert.match(metrics.text, /taube_connector_submitted_total\{connector="[^"]+"\} [1-9]/)
        // The event worker's counters, from the API thread, follow the delivery thread's.
        assert.match(metrics.text, /^# TYPE taube_event_deliveries_given_up_total counter$/m)
        const mo = await http(taube.url, '/admin/simulator/mo', {
          headers: admin,
          body: { from: '+491709876543', to: '+491701234567', text: 'hello back' },
        })
        assert.equal(mo.status, 201, mo.text)
        assert.equal(mo.body.text, 'hello back')
        const callback = await http(taube.url, '/callbacks/http/nosuch?id=1&status=1')
        assert.equal(callback.status, 404, callback.text)
      } finally {
        assert.equal(await taube.stop(), 0)
        await hooks.close()
        rmSync(dir, { recursive: true, force: true })
      }
    })
  })
}
