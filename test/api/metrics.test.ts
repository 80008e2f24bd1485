import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

/** The `# TYPE` line of a metric in the exposition text. */
function typeOf(text: string, name: string): string | undefined {
  return new RegExp(`^# TYPE ${name} (\\w+)$`, 'm').exec(text)?.[1]
}

/** The value of one sample, given its name and labels as they appear in the text. */
function sample(text: string, series: string): number | undefined {
  const escaped = series.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const m = new RegExp(`^${escaped} (\\S+)$`, 'm').exec(text)
  return m ? Number(m[1]) : undefined
}

describe('/metrics: types, HTTP traffic, SMS outcomes, queues and bulks', () => {
  let s: TestServer
  const metrics = async () => (await s.request('/metrics')).text
  before(async () => {
    s = await startTestServer(
      { webhookAllowPrivate: true },
      { delivery: true, events: true, bulks: true },
    )
  })
  after(async () => {
    await s.close()
  })

  it("types every *_total series of Taube's own as a counter", async () => {
    const sent = await s.request('/sms', { token: s.token, body: SMS })
    assert.equal(sent.status, 201)
    await waitFor('the submit in the metrics', async () =>
      /taube_connector_acknowledged_total\{[^}]*\} [1-9]/.test(await metrics()),
    )
    const text = await metrics()
    // prom-client's process figures keep their library's names (nodejs_active_handles_total is
    // a gauge of handles now open, summed over their types).
    const totals = [...text.matchAll(/^# TYPE (taube_(?!nodejs_|process_)\w+_total) (\w+)$/gm)]
    assert.ok(totals.length >= 5, 'several _total series')
    for (const [, name, type] of totals) assert.equal(type, 'counter', name)
    for (const name of [
      'taube_connector_submitted_total',
      'taube_connector_acknowledged_total',
      'taube_connector_failed_total',
    ]) {
      assert.equal(typeOf(text, name), 'counter', name)
    }
    assert.equal(typeOf(text, 'taube_connector_in_flight'), 'gauge')
  })

  it('counts HTTP requests and their latency by route pattern and status, never the raw URL', async () => {
    const uuid = '01234567-89ab-4def-8123-456789abcdef'
    assert.equal((await s.request(`/sms/${uuid}`, { token: s.token })).status, 404)
    assert.equal((await s.request('/no/such/path')).status, 404)
    const text = await metrics()
    assert.equal(typeOf(text, 'taube_http_request_duration_seconds'), 'histogram')
    assert.equal(typeOf(text, 'taube_http_requests_total'), 'counter')
    assert.ok(
      (sample(text, 'taube_http_requests_total{method="GET",route="/sms/:uuid",status="404"}') ??
        0) >= 1,
      text,
    )
    assert.ok(
      (sample(
        text,
        'taube_http_request_duration_seconds_count{method="GET",route="/sms/:uuid",status="404"}',
      ) ?? 0) >= 1,
    )
    assert.ok(
      (sample(text, 'taube_http_requests_total{method="POST",route="/sms",status="201"}') ?? 0) >=
        1,
    )
    assert.ok(
      (sample(text, 'taube_http_requests_total{method="GET",route="unmatched",status="404"}') ??
        0) >= 1,
    )
    assert.doesNotMatch(text, new RegExp(uuid))
    assert.doesNotMatch(text, /no\/such\/path/)
  })

  it('counts SMS accepted, and refused per reason', async () => {
    const before = await metrics()
    const accepted0 = sample(before, 'taube_sms_accepted_total') ?? 0
    const bad = await s.request('/sms', { token: s.token, body: { ...SMS, phone: 'not a number' } })
    assert.equal(bad.status, 422)
    const unauthenticated = await s.request('/sms', { token: '1:wrong', body: SMS })
    assert.equal(unauthenticated.status, 401)
    assert.equal((await s.request('/sms', { token: s.token, body: SMS })).status, 201)
    const text = await metrics()
    assert.equal(typeOf(text, 'taube_sms_refused_total'), 'counter')
    assert.equal(sample(text, 'taube_sms_refused_total{reason="VALIDATION_FAILED"}'), 1)
    assert.equal(sample(text, 'taube_sms_refused_total{reason="UNAUTHENTICATED"}'), 1)
    assert.equal(sample(text, 'taube_sms_accepted_total'), accepted0 + 1)
  })

  it('shows the event queue depth, and counts webhook attempts and failures', async () => {
    // A webhook on a closed loopback port: every attempt fails.
    const hook = await s.request('/webhooks', {
      token: s.token,
      body: { uri: 'http://127.0.0.1:9/hook', events: ['sms.delivery'] },
    })
    assert.equal(hook.status, 201, hook.text)
    assert.equal((await s.request('/sms', { token: s.token, body: SMS })).status, 201)
    await waitFor('a failed attempt in the metrics', async () =>
      /^taube_event_attempts_total\{transport="http",outcome="failed"\} [1-9]/m.test(
        await metrics(),
      ),
    )
    const text = await metrics()
    assert.equal(typeOf(text, 'taube_event_attempts_total'), 'counter')
    assert.equal(typeOf(text, 'taube_event_queue_depth'), 'gauge')
    // The failed delivery waits for its retry (a minute on), so the queue holds it.
    assert.ok((sample(text, 'taube_event_queue_depth{kind="waiting"}') ?? 0) >= 1, text)
    assert.notEqual(sample(text, 'taube_event_queue_depth{kind="due"}'), undefined)
  })

  it('shows bulk progress', async () => {
    const later = Math.floor(s.clock.nowMs() / 1000) + 3600
    const bulk = await s.request('/bulks', {
      token: s.token,
      body: { text: 'Hi', sender_id: 'Taube', phones: ['+491701234567'], delivery_at: later },
    })
    assert.equal(bulk.status, 201, bulk.text)
    const text = await metrics()
    assert.equal(typeOf(text, 'taube_bulks_open'), 'gauge')
    assert.notEqual(sample(text, 'taube_bulks_open{state="new"}'), undefined)
    assert.notEqual(sample(text, 'taube_bulks_open{state="expanding"}'), undefined)
    assert.equal(typeOf(text, 'taube_bulk_messages_made'), 'gauge')
  })
})
