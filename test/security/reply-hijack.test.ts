// Replies across tenants: anyone may send from any number (LOX24 does not check senders), but a
// reply to a number goes only to an account that owns it (its inbound number, or a sender
// number it verified by code or the operator verified for it), never to another account that
// merely sent from it. Two accounts, the real server over HTTP, a carrier on a real SMPP socket
// that delivers the phones' replies (deliver_sm); SQLite, or PostgreSQL with
// TAUBE_TEST_DATABASE=postgres.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { SmscSim } from '../../src/smsc-sim/smsc-sim.js'
import { codeSentTo, startSmppCarrier } from '../helpers/smpp-carrier.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

const A_NUMBER = '+4930111000001' // verified by account A with the code sent to it
const B_NUMBER = '+4930222000002' // verified for account B by the operator
const NOBODYS = '+4930333000003' // verified by nobody
const SHARED = '+4930999000000' // the carrier's shared reply number

describe('reply hijack across tenants', () => {
  let s: TestServer
  let sim: SmscSim
  let a: { userId: number; token: string }
  let b: { userId: number; token: string }

  before(async () => {
    s = await startTestServer({}, { delivery: { idleMs: 20 } })
    sim = await startSmppCarrier(s)
    a = await s.createAccount({ name: 'A' })
    b = await s.createAccount({ name: 'B' })

    const registered = await s.request('/sender-numbers', {
      token: a.token,
      body: { number: A_NUMBER },
    })
    assert.equal(registered.status, 201, registered.text)
    const code = await codeSentTo(sim, A_NUMBER)
    const verified = await s.request(`/sender-numbers/${registered.body.id}/verify`, {
      token: a.token,
      body: { code },
    })
    assert.equal(verified.status, 200, verified.text)
    const byOperator = await s.admin('/admin/sender-numbers', {
      body: { number: B_NUMBER, account_id: b.userId },
    })
    assert.equal(byOperator.status, 201, byOperator.text)
  })
  after(async () => {
    await s?.close()
    await sim?.close()
  })

  /** Sends over the API and waits until the carrier took it. */
  const send = async (who: { token: string }, phone: string, sender_id: string) => {
    const r = await s.request('/sms', {
      token: who.token,
      body: { phone, sender_id, text: 'Your appointment is at 10:00' },
    })
    assert.equal(r.status, 201, r.text)
    const uuid = r.body.uuid as string
    await waitFor(
      `${uuid} sent`,
      async () => (await s.request(`/sms/${uuid}`, { token: who.token })).body.is_sent,
    )
    s.clock.advance(1000)
    return uuid
  }
  /** The phone answers through the carrier (deliver_sm); resolves once the gateway stored it. */
  const reply = async (from: string, to: string, text: string) => {
    await sim.originateMo({ from, to, text })
    const stored = await s.ctx.deps.db
      .selectFrom('incomings')
      .select(['uuid'])
      .where('text', '=', text)
      .executeTakeFirstOrThrow()
    return stored.uuid
  }
  const inbox = async (who: { token: string }) => {
    const r = await s.request('/incomings', { token: who.token })
    assert.equal(r.status, 200, r.text)
    return r.body['hydra:member'] as {
      uuid: string
      text: string
      to: string
      msg_uuid: string | null
    }[]
  }
  const unrouted = async () => {
    const r = await s.admin('/admin/incomings/unrouted')
    assert.equal(r.status, 200, r.text)
    return (r.body.items as { uuid: string }[]).map((i) => i.uuid)
  }

  it("B sends from A's verified number after A: the phone's reply goes to A, never to B", async () => {
    const phone = '+491701000001'
    const fromA = await send(a, phone, A_NUMBER.slice(1))
    await send(b, phone, A_NUMBER) // allowed: any sender id may be used to send
    const uuid = await reply(phone, A_NUMBER, 'Yes, 10:00 suits me')
    const gotA = (await inbox(a)).find((i) => i.uuid === uuid)
    assert.ok(gotA, "in A's /incomings")
    assert.equal(gotA.msg_uuid, fromA, "linked to A's SMS")
    assert.deepEqual(
      (await inbox(b)).filter((i) => i.uuid === uuid),
      [],
      "not in B's /incomings",
    )
    assert.equal((await s.request(`/incomings/${uuid}`, { token: b.token })).status, 404)
  })

  it("B alone wrote to the phone from A's number: the reply still goes to A, unlinked", async () => {
    const phone = '+491701000002'
    await send(b, phone, A_NUMBER)
    const uuid = await reply(phone, A_NUMBER, 'Who is this?')
    const gotA = (await inbox(a)).find((i) => i.uuid === uuid)
    assert.ok(gotA, "in A's /incomings")
    assert.equal(gotA.msg_uuid, null, "B's SMS is not what it answers")
    assert.deepEqual(
      (await inbox(b)).filter((i) => i.uuid === uuid),
      [],
    )
  })

  it('the same holds for a number the operator verified: A sending from B_NUMBER gets no reply', async () => {
    const phone = '+491701000003'
    const fromB = await send(b, phone, B_NUMBER)
    await send(a, phone, B_NUMBER)
    const uuid = await reply(phone, B_NUMBER, 'Reply to B')
    assert.equal((await inbox(b)).find((i) => i.uuid === uuid)?.msg_uuid, fromB)
    assert.deepEqual(
      (await inbox(a)).filter((i) => i.uuid === uuid),
      [],
    )
  })

  it('a reply to a number nobody verified goes to the operator, not to the account that sent from it', async () => {
    const phone = '+491701000004'
    await send(b, phone, NOBODYS)
    const uuid = await reply(phone, NOBODYS, 'Reply to an unverified number')
    assert.deepEqual(
      (await inbox(b)).filter((i) => i.uuid === uuid),
      [],
    )
    assert.ok((await unrouted()).includes(uuid), 'listed for the operator')
  })

  it('an unverified number attracts no reply through the shared number either', async () => {
    const phone = '+491701000005'
    const fromA = await send(a, phone, 'Clinic')
    await send(b, phone, NOBODYS) // newer, but from a number B does not own
    const uuid = await reply(phone, SHARED, 'Reply via the shared number')
    assert.equal((await inbox(a)).find((i) => i.uuid === uuid)?.msg_uuid, fromA)
    assert.deepEqual(
      (await inbox(b)).filter((i) => i.uuid === uuid),
      [],
    )
  })

  it('a number B verified is not A’s to use: B verifying A’s number needs the code, which went to A’s phone', async () => {
    s.clock.advance(61_000) // a number gets at most one code a minute, whoever asks
    const registered = await s.request('/sender-numbers', {
      token: b.token,
      body: { number: A_NUMBER },
    })
    assert.equal(registered.status, 201, registered.text)
    // B can neither read the code (it is no SMS of B's) nor guess it within the attempts.
    const mine = await s.request('/sms?sender_id=Taube', { token: b.token })
    assert.equal(mine.status, 200)
    assert.equal(mine.body['hydra:totalItems'], 0)
    const guess = await s.request(`/sender-numbers/${registered.body.id}/verify`, {
      token: b.token,
      body: { code: '000000' },
    })
    assert.equal(guess.status, 422)
    const phone = '+491701000006'
    await send(b, phone, A_NUMBER)
    const uuid = await reply(phone, A_NUMBER, 'Still for A')
    assert.ok((await inbox(a)).some((i) => i.uuid === uuid))
    assert.deepEqual(
      (await inbox(b)).filter((i) => i.uuid === uuid),
      [],
    )
  })
})
