import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTaube, type RunningTaube } from '../helpers/cli.js'
import { http } from '../helpers/http.js'
import { createTestDatabase } from '../helpers/test-database.js'
import { startReceiver } from '../helpers/receiver.js'
import { waitFor } from '../helpers/wait-for.js'

const TOKEN = '1234567:e3f3a759b6677959b6ebfc0123456789'

describe('event notifications survive a crash', () => {
  it('an event committed but not yet delivered is delivered after a SIGKILL and restart', async () => {
    const database = await createTestDatabase()
    const env = {
      TAUBE_DATABASE_URL: database.url,
      TAUBE_BOOTSTRAP_TOKEN: TOKEN,
      TAUBE_WEBHOOK_ALLOW_PRIVATE: '1',
    }
    // The receiver takes the first call and never answers: the gateway dies while it waits.
    const rx = await startReceiver()
    rx.answers.push('hang')
    let taube: RunningTaube = await startTaube(env)
    try {
      const hook = await http(taube.url, '/webhooks', {
        token: TOKEN,
        body: { uri: `${rx.url}/hook` },
      })
      assert.equal(hook.status, 201, hook.text)
      const sent = await http(taube.url, '/sms', {
        token: TOKEN,
        body: {
          text: 'crash me',
          sender_id: 'Taube',
          phone: '+491701234567',
          callback_data: 'survivor',
        },
      })
      assert.equal(sent.status, 201, sent.text)
      await waitFor('the event in flight', () => rx.received.length === 1, 20_000)
      taube.child.kill('SIGKILL')
      await new Promise((r) => taube.child.once('exit', r))
      // A PostgreSQL store may be shared by several processes: the restart tells the dead
      // worker's lease (120 s) from a live one's by its advisory lock, gone with its session.
      taube = await startTaube(env)
      await waitFor('the event again after the restart', () => rx.received.length === 2, 20_000)
      const [before, after] = rx.json()
      assert.equal(after.id, before.id, 'the same event')
      assert.equal(after.name, 'sms.delivery')
      assert.equal(after.data.id, sent.body.uuid)
      assert.equal(after.data.callback_data, 'survivor')
      assert.equal(after.data.dlr_code, 1)
    } finally {
      await taube.stop()
      await rx.close()
      await database.drop()
    }
  })
})
