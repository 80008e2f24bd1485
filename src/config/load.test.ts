import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { loadConfig } from './load.js'

describe('loadConfig', () => {
  it('takes the defaults when no variable is set', () => {
    const c = loadConfig({})
    assert.equal(c.queuePollMs, 250)
    assert.equal(c.inDoubtWaitS, 60)
    assert.equal(c.deliveryThread, true)
  })

  const read: [env: Record<string, string>, field: string, value: unknown][] = [
    [{ TAUBE_QUEUE_POLL_MS: '600000' }, 'queuePollMs', 600_000],
    [{ TAUBE_QUEUE_POLL_MS: '10' }, 'queuePollMs', 10],
    [{ TAUBE_IN_DOUBT_WAIT_S: '0' }, 'inDoubtWaitS', 0],
    [{ TAUBE_DELIVERY_THREAD: '0' }, 'deliveryThread', false],
    [{ TAUBE_WEBHOOK_RETRY_S: '5,10' }, 'webhookRetryS', [5, 10]],
    [{}, 'webhookDisableAfterS', 86_400],
    [{ TAUBE_WEBHOOK_DISABLE_AFTER_S: '0' }, 'webhookDisableAfterS', 0],
    [{ TAUBE_WEBHOOK_DISABLE_MIN_FAILURES: '3' }, 'webhookDisableMinFailures', 3],
    [{ TAUBE_WEBHOOK_NOTICE_EVERY_S: '3600' }, 'webhookNoticeEveryS', 3600],
    [{ TAUBE_QUEUE_POLL_MS: '' }, 'queuePollMs', 250],
  ]
  for (const [env, field, value] of read) {
    it(`reads ${JSON.stringify(env)} as ${field} ${JSON.stringify(value)}`, () => {
      assert.deepEqual((loadConfig(env) as Record<string, unknown>)[field], value)
    })
  }

  const refused: [env: Record<string, string>, field: string][] = [
    [{ TAUBE_QUEUE_POLL_MS: '9' }, 'queuePollMs'],
    [{ TAUBE_QUEUE_POLL_MS: '600001' }, 'queuePollMs'],
    [{ TAUBE_QUEUE_POLL_MS: 'soon' }, 'queuePollMs'],
    [{ TAUBE_QUEUE_POLL_MS: '2.5' }, 'queuePollMs'],
    [{ TAUBE_IN_DOUBT_WAIT_S: '-1' }, 'inDoubtWaitS'],
    [{ TAUBE_WEBHOOK_DISABLE_AFTER_S: 'a day' }, 'webhookDisableAfterS'],
    [{ TAUBE_WEBHOOK_DISABLE_MIN_FAILURES: '0' }, 'webhookDisableMinFailures'],
    [{ TAUBE_WEBHOOK_NOTICE_EVERY_S: '1' }, 'webhookNoticeEveryS'],
  ]
  for (const [env, field] of refused) {
    it(`refuses ${JSON.stringify(env)}, naming ${field}`, () => {
      assert.throws(() => loadConfig(env), (err: Error) => {
        assert.match(err.message, /^Invalid configuration/)
        assert.match(err.message, new RegExp(`\\b${field}: `))
        return true
      })
    })
  }
})
