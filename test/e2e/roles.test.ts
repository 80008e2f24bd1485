// `taube serve --role …`: an API process, a dispatcher process and an events process share one
// database; a message accepted by the first is sent by the second and reported by the third.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTaube, type RunningTaube } from '../helpers/cli.js'
import { http } from '../helpers/http.js'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { waitFor } from '../helpers/wait-for.js'

const TOKEN = '1234567:e3f3a759b6677959b6ebfc0123456789'

type Node = Pick<RunningTaube, 'url' | 'output' | 'stop'>

const serve = (role: string, env: Record<string, string>): Promise<Node> => startTaube(env, role)

describe('taube serve --role', () => {
  let database: TestDatabase
  let api: Node
  let dispatcher: Node
  let events: Node
  let hooks: Receiver
  before(async () => {
    database = await createTestDatabase()
    hooks = await startReceiver()
    const env = {
      TAUBE_DATABASE_URL: database.url,
      TAUBE_BOOTSTRAP_TOKEN: TOKEN,
      TAUBE_WEBHOOK_ALLOW_PRIVATE: '1',
    }
    api = await serve('api', env)
    dispatcher = await serve('dispatcher', env)
    events = await serve('events', env)
  })
  after(async () => {
    for (const node of [events, dispatcher, api]) await node?.stop()
    await hooks?.close()
    await database?.drop()
  })

  it('workers answer health and metrics but not the API, and print no key', async () => {
    assert.match(api.output(), /API docs/)
    for (const node of [dispatcher, events]) {
      assert.equal((await http(node.url, '/healthz')).status, 200)
      assert.equal((await http(node.url, '/me', { token: TOKEN })).status, 404)
      assert.doesNotMatch(node.output(), /demo account|X-LOX24-AUTH-TOKEN/)
    }
    const metrics = await http(dispatcher.url, '/metrics')
    assert.equal(metrics.status, 200)
    assert.match(metrics.text, /taube_queue_depth/)
  })

  it('the API node only accepts: the dispatcher sends and the events node reports', async () => {
    assert.equal(
      (
        await http(api.url, '/webhooks', {
          token: TOKEN,
          body: { uri: hooks.url, events: ['sms.delivery'] },
        })
      ).status,
      201,
    )
    const sent = await http(api.url, '/sms', {
      token: TOKEN,
      body: {
        phone: '+491701234567',
        sender_id: 'Taube',
        text: 'Across processes',
        callback_data: 'roles-1',
      },
    })
    assert.equal(sent.status, 201, sent.text)
    const delivered = await waitFor('delivered', async () => {
      const m = (await http(api.url, `/sms/${sent.body.uuid}`, { token: TOKEN })).body
      return m.dlr_code === 1 ? m : undefined
    })
    assert.equal(delivered.is_sent, true)
    const event = await waitFor('sms.delivery', () =>
      hooks.json().find((e) => e.data.id === sent.body.uuid && e.data.dlr_code === 1),
    )
    assert.equal(event.data.callback_data, 'roles-1')
  })

  it('each node reports what it runs: the API node counts SMS, the dispatcher its connectors', async () => {
    const apiMetrics = (await http(api.url, '/metrics')).text
    assert.match(apiMetrics, /^taube_sms_accepted_total [1-9]/m)
    assert.match(
      apiMetrics,
      /^taube_http_requests_total\{method="POST",route="\/sms",status="201"\} [1-9]/m,
    )
    const onDispatcher = await http(dispatcher.url, '/readyz')
    assert.equal(onDispatcher.status, 200)
    const sim = (r: typeof onDispatcher) =>
      r.body.checks.connectors.connectors.find((c: { id: string }) => c.id === 'simulator')
    assert.equal(sim(onDispatcher).up, true)
    const onApi = await http(api.url, '/readyz')
    assert.equal(onApi.status, 200)
    assert.equal(sim(onApi).up, null, 'the API node runs no connector')
    // Counted once the attempt is recorded, a moment after the receiver had the event.
    const eventsMetrics = await waitFor('the attempt counted', async () => {
      const text = (await http(events.url, '/metrics')).text
      return (
        /^taube_event_attempts_total\{transport="http",outcome="ok"\} [1-9]/m.test(text) && text
      )
    })
    assert.match(eventsMetrics, /^taube_event_queue_depth\{kind="due"\} \d+/m)
  })

  it('stops each role cleanly on SIGTERM', async () => {
    assert.equal(await events.stop(), 0)
    assert.equal(await dispatcher.stop(), 0)
    assert.equal(await api.stop(), 0)
    events = dispatcher = api = { url: '', output: () => '', stop: async () => 0 }
  })
})
