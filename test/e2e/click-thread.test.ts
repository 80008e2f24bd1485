// `taube serve` writes the clicks of its short links in a thread of its own (app/click-thread.ts).
// What crosses to that thread is exercised here on the real process: the clicks themselves, the
// wake-up of the event worker, a webhook changed on the serving side, and a clean stop.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { openStore } from '../../src/store/db.js'
import { startTaube } from '../helpers/cli.js'
import { http } from '../helpers/http.js'
import { startReceiver } from '../helpers/receiver.js'
import { createTestDatabase } from '../helpers/test-database.js'
import { waitFor } from '../helpers/wait-for.js'

const TOKEN = '1234567:c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1'

describe('taube serve: clicks in a thread of their own', () => {
  it('records clicks, wakes the event worker, follows webhook changes and loses none on stop', async () => {
    // A SQLite file, or a PostgreSQL database in the PostgreSQL run.
    const database = await createTestDatabase()
    const hooks = await startReceiver()
    const taube = await startTaube({
      TAUBE_DATABASE_URL: database.url,
      TAUBE_BOOTSTRAP_TOKEN: TOKEN,
      TAUBE_WEBHOOK_ALLOW_PRIVATE: '1',
      TAUBE_LOG_LEVEL: 'info',
      // Idle workers would look for work only every ten minutes: an event delivered within
      // waitFor's time was woken by the batch that recorded it.
      TAUBE_QUEUE_POLL_MS: '600000',
    })
    let stopped = false
    try {
      assert.match(taube.output(), /clicks are written in a thread of their own/)
      const campaign = await http(taube.url, '/short_link_campaigns', {
        token: TOKEN,
        body: { type: 1, name: 'winter sale', url: 'https://shop.example.com/winter' },
      })
      assert.equal(campaign.status, 201, campaign.text)
      const code = campaign.body.id as string
      const click = async (agent: string) => {
        const r = await fetch(`${taube.url}/l/${code}`, {
          redirect: 'manual',
          headers: { 'user-agent': agent },
        })
        assert.equal(r.status, 302)
        assert.equal(r.headers.get('location'), 'https://shop.example.com/winter')
      }
      const requests = async () =>
        (await http(taube.url, `/short_link_campaigns/${code}/requests`, { token: TOKEN })).body[
          'hydra:totalItems'
        ] as number

      // A click before the account has a webhook: the click thread learns it has no targets.
      await click('Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0')
      await waitFor('the first click recorded', async () => (await requests()) === 1 || undefined)

      // A webhook made now, on the serving side, takes the very next click: the click thread
      // was told at once, not a second later when its cached targets run out.
      const hook = await http(taube.url, '/webhooks', {
        token: TOKEN,
        body: { uri: `${hooks.url}/clicks`, events: ['link.clicked'] },
      })
      assert.equal(hook.status, 201, hook.text)
      await click('Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Safari/604.1')
      const event = await waitFor('the link.clicked webhook', async () =>
        hooks.received.find((r) => r.url === '/clicks'),
      )
      const clicks = (JSON.parse(event.body) as { data: { clicks: { os: string | null }[] } }).data
        .clicks
      assert.deepEqual(
        clicks.map((c) => c.os),
        ['iOS'],
      )

      // Clicks answered just before SIGTERM are written before the process ends.
      for (let i = 0; i < 300; i++) await click(`agent ${i}`)
      assert.equal(await taube.stop(), 0)
      stopped = true
      const store = openStore({ url: database.url })
      try {
        const row = await store.db
          .selectFrom('link_clicks')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('link_code', '=', code)
          .executeTakeFirstOrThrow()
        assert.equal(Number(row.n), 302)
      } finally {
        await store.close()
      }
    } finally {
      if (!stopped) await taube.stop()
      await hooks.close()
      await database.drop()
    }
  })
})
