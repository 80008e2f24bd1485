// The dispatcher journals a message as on the wire before its connector may write it, so that
// after a crash the message waits in doubt for its receipt instead of going twice; once its
// outcome is stored the mark goes.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startSmscSim, type SmscSim } from '../../src/smsc-sim/smsc-sim.js'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

describe('the wire journal of a dispatcher', () => {
  let sim: SmscSim
  let s: TestServer
  before(async () => {
    // The SMSC answers late: the submit is on the wire for a while.
    sim = await startSmscSim({
      port: 0,
      systemId: 'taube',
      password: 'secret',
      dlrDelayMs: 10,
      submitRespDelayMs: 1500,
    })
    s = await startTestServer({}, { delivery: { idleMs: 20 } })
    const put = await s.admin('/admin/connectors/smsc', {
      method: 'PUT',
      body: {
        kind: 'smpp',
        config: { host: '127.0.0.1', port: sim.port, systemId: 'taube', password: 'secret' },
      },
    })
    assert.equal(put.status, 200, put.text)
    for (const r of (await s.admin('/admin/routes')).body.routes) {
      await s.admin(`/admin/routes/${r.id}`, { method: 'DELETE' })
    }
    assert.equal(
      (await s.admin('/admin/routes', { body: { connector_ids: ['smsc'] } })).status,
      201,
    )
    await waitFor('the SMPP link', () => sim.stats().binds === 1)
  })
  after(async () => {
    await s.close()
    await sim.close()
  })

  const journal = async () => {
    const rows = await s.ctx.deps.db.selectFrom('wire_journal').select('entries').execute()
    return rows.flatMap((r) => JSON.parse(r.entries) as [string, number][])
  }

  it('holds a message while its submit is on the wire, and lets it go once the outcome is stored', async () => {
    const r = await s.request('/sms', { token: s.token, body: { ...SMS, text: 'on the wire' } })
    assert.equal(r.status, 201, r.text)
    const uuid = r.body.uuid as string
    await waitFor('the submit at the SMSC', () => sim.stats().submitSm === 1)
    // The SMSC has it and has not answered: a crash now must leave the message in doubt.
    const state = await s.ctx.deps.db
      .selectFrom('sms')
      .select('state')
      .where('uuid', '=', uuid)
      .executeTakeFirstOrThrow()
    assert.equal(state.state, 'submitting')
    assert.deepEqual(await journal(), [[uuid, 1]])

    await waitFor('sent', async () => {
      const m = await s.ctx.deps.db
        .selectFrom('sms')
        .select('state')
        .where('uuid', '=', uuid)
        .executeTakeFirstOrThrow()
      return m.state !== 'submitting'
    })
    // Deleted with the next commit of marks, or by the heartbeat of an idle dispatcher (10 s).
    const probe = await s.request('/sms', { token: s.token, body: { ...SMS, text: 'next one' } })
    await waitFor('the next submit at the SMSC', () => sim.stats().submitSm === 2)
    assert.deepEqual(await journal(), [[probe.body.uuid, 1]])
  })
})
