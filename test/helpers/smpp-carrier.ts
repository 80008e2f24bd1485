// A carrier for the test server: `taube smsc-sim`'s engine in this process, on a real SMPP
// socket, as the only route. Its inbox (received()) is the handset of every number sent to.
import assert from 'node:assert/strict'
import { startSmscSim, type SmscSim } from '../../src/smsc-sim/smsc-sim.js'
import type { TestServer } from './test-server.js'
import { waitFor } from './wait-for.js'

export async function startSmppCarrier(s: TestServer): Promise<SmscSim> {
  const sim = await startSmscSim({ port: 0, systemId: 'taube', password: 'secret', dlrDelayMs: 20 })
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
  const route = await s.admin('/admin/routes', { body: { connector_ids: ['smsc'] } })
  assert.equal(route.status, 201, route.text)
  await waitFor('the SMPP bind', () => sim.stats().openSessions >= 1)
  return sim
}

/** Texts the carrier took for a number, oldest first. */
export function textsTo(sim: SmscSim, number: string): string[] {
  const digits = number.replace(/^\+/, '')
  return sim
    .received()
    .filter((m) => m.to.replace(/^\+/, '') === digits)
    .map((m) => m.text)
}

/** The verification code of the newest SMS to a number, once `count` SMS reached it. */
export async function codeSentTo(sim: SmscSim, number: string, count = 1): Promise<string> {
  const texts = await waitFor(`SMS ${count} to ${number}`, () => {
    const t = textsTo(sim, number)
    return t.length >= count ? t : undefined
  })
  const code = /\b(\d{6})\b/.exec(texts.at(-1)!)?.[1]
  assert.ok(code, texts.at(-1))
  return code
}
