// Inbound SMS through the built-in simulator: inbound numbers, GET/DELETE /incomings with their
// filters, replies, opt-out, and the three ways a customer hears of them.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

const INBOUND = '+4915790000001'

describe('inbound SMS', () => {
  let s: TestServer
  let hooks: Receiver
  let push: Receiver
  let numberPush: Receiver
  before(async () => {
    s = await startTestServer(
      { webhookAllowPrivate: true },
      { delivery: { idleMs: 20 }, events: { idleMs: 20 }, bulks: { idleMs: 20 } },
    )
    hooks = await startReceiver()
    push = await startReceiver()
    numberPush = await startReceiver()
  })
  after(async () => {
    await s.close()
    await Promise.all([hooks.close(), push.close(), numberPush.close()])
  })

  const mo = async (body: { from: string; to: string; text: string }) => {
    const r = await s.admin('/admin/simulator/mo', { body })
    assert.equal(r.status, 201, r.text)
    return r.body as {
      uuid: string
      account_id: number | null
      msg_uuid: string | null
      to: string
      from: string
    }
  }
  const list = async (query = '', token = s.token) => {
    const r = await s.request(`/incomings${query}`, { token })
    assert.equal(r.status, 200, r.text)
    return r.body['hydra:member'] as Record<string, any>[]
  }
  const sent = async (phone: string, sender_id = 'Taube') => {
    const r = await s.request('/sms', {
      token: s.token,
      body: { phone, sender_id, text: 'Your order shipped' },
    })
    assert.equal(r.status, 201, r.text)
    const uuid = r.body.uuid as string
    await waitFor(
      `${uuid} sent`,
      async () => (await s.request(`/sms/${uuid}`, { token: s.token })).body.is_sent,
    )
    return uuid
  }

  describe('inbound numbers (operator)', () => {
    it('assigns a number in E.164 to an account, once', async () => {
      const r = await s.admin('/admin/inbound-numbers', {
        body: { number: '0049 1579 0000001', account_id: s.userId },
      })
      assert.equal(r.status, 201, r.text)
      assert.equal(r.body.number, INBOUND)
      assert.equal(r.body.account_id, s.userId)
      assert.equal(r.body.endpoint, null)
      const again = await s.admin('/admin/inbound-numbers', {
        body: { number: INBOUND, account_id: s.userId },
      })
      assert.equal(again.status, 409)
      const listed = await s.admin(`/admin/inbound-numbers?account_id=${s.userId}`)
      assert.deepEqual(
        listed.body.inbound_numbers.map((n: { number: string }) => n.number),
        [INBOUND],
      )
    })

    it('refuses a bad number, an unknown account and a bad endpoint, naming each field', async () => {
      const r = await s.admin('/admin/inbound-numbers', {
        body: { number: 'abc', account_id: 99999, endpoint: 'ftp://x' },
      })
      assert.equal(r.status, 422)
      const fields = r.body.violations.map((v: { propertyPath: string }) => v.propertyPath).sort()
      assert.deepEqual(fields, ['account_id', 'endpoint', 'number'])
    })

    it('moves, re-points and releases a number', async () => {
      const other = await s.createAccount()
      const created = await s.admin('/admin/inbound-numbers', {
        body: { number: '+4915790000099', account_id: s.userId },
      })
      const id = created.body.id
      const patched = await s.admin(`/admin/inbound-numbers/${id}`, {
        method: 'PATCH',
        body: { account_id: other.userId, endpoint: 'ops@example.com' },
      })
      assert.equal(patched.status, 200, patched.text)
      assert.deepEqual(
        [patched.body.account_id, patched.body.endpoint],
        [other.userId, 'ops@example.com'],
      )
      assert.equal(
        (await s.admin(`/admin/inbound-numbers/${id}`, { method: 'DELETE' })).status,
        204,
      )
      assert.equal((await s.admin(`/admin/inbound-numbers/${id}`)).status, 404)
      assert.equal(
        (await s.admin(`/admin/inbound-numbers/${id}`, { method: 'DELETE' })).status,
        404,
      )
    })
  })

  describe('GET and DELETE /incomings', () => {
    it('stores a message to an inbound number for its account', async () => {
      const stored = await mo({ from: '491761112233', to: INBOUND, text: 'Hello inbound' })
      assert.equal(stored.account_id, s.userId)
      assert.equal(stored.msg_uuid, null)
      const one = await s.request(`/incomings/${stored.uuid}`, { token: s.token })
      assert.equal(one.status, 200)
      assert.equal(one.body['@id'], `/incomings/${stored.uuid}`)
      assert.deepEqual(
        { to: one.body.to, from: one.body.from, text: one.body.text, msg_uuid: one.body.msg_uuid },
        { to: INBOUND, from: '+491761112233', text: 'Hello inbound', msg_uuid: null },
      )
      assert.equal(one.body.received_at, s.clock.nowS())
    })

    it('shows an account only its own messages', async () => {
      const other = await s.createAccount()
      const stored = await mo({ from: '+491761112233', to: INBOUND, text: 'Private' })
      assert.equal(
        (await s.request(`/incomings/${stored.uuid}`, { token: other.token })).status,
        404,
      )
      assert.deepEqual(await list('', other.token), [])
      assert.equal(
        (await s.request(`/incomings/${stored.uuid}`, { token: other.token, method: 'DELETE' }))
          .status,
        404,
      )
      assert.equal((await s.request(`/incomings/${stored.uuid}`, { token: s.token })).status, 200)
    })

    it('filters by text, from and to (partial) and msg_uuid (exact), newest first by default', async () => {
      s.clock.advance(1000)
      const a = await mo({ from: '+491769990001', to: INBOUND, text: 'Filter alpha' })
      s.clock.advance(1000)
      const b = await mo({ from: '+491769990002', to: INBOUND, text: 'Filter BETA' })
      const texts = async (q: string) => (await list(q)).map((i) => i.text)
      assert.deepEqual((await texts('?text=filter')).slice(0, 2), ['Filter BETA', 'Filter alpha'])
      assert.deepEqual(await texts('?text=beta'), ['Filter BETA'])
      assert.deepEqual(await texts('?from=9990001'), ['Filter alpha'])
      assert.deepEqual(await texts('?text=filter&_order[received_at]=asc'), [
        'Filter alpha',
        'Filter BETA',
      ])
      assert.ok((await texts(`?to=${encodeURIComponent('1579000000')}`)).includes('Filter BETA'))
      assert.deepEqual(await texts('?to=0000000'), [])
      assert.deepEqual(await texts(`?msg_uuid=${a.uuid}`), [], 'neither is a reply')
      assert.equal(b.msg_uuid, null)
    })

    it('answers 400 naming a bad filter and 404 for ids that are no message', async () => {
      const bad = await s.request('/incomings?msg_uuid=nope', { token: s.token })
      assert.equal(bad.status, 400)
      assert.match(bad.text, /msg_uuid/)
      const order = await s.request('/incomings?_order[text]=asc', { token: s.token })
      assert.equal(order.status, 400)
      assert.equal((await s.request('/incomings/not-a-uuid', { token: s.token })).status, 404)
      assert.equal(
        (await s.request('/incomings/0190b3a4-0000-7000-8000-000000000000', { token: s.token }))
          .status,
        404,
      )
    })

    it('deletes a message', async () => {
      const stored = await mo({ from: '+491761112233', to: INBOUND, text: 'Delete me' })
      assert.equal(
        (await s.request(`/incomings/${stored.uuid}`, { token: s.token, method: 'DELETE' })).status,
        204,
      )
      assert.equal((await s.request(`/incomings/${stored.uuid}`, { token: s.token })).status, 404)
      assert.equal(
        (await s.request(`/incomings/${stored.uuid}`, { token: s.token, method: 'DELETE' })).status,
        404,
      )
    })
  })

  describe('replies', () => {
    it('links a reply to a shared number with the latest SMS sent to its sender', async () => {
      await sent('+491770000001')
      s.clock.advance(1000)
      const latest = await sent('+491770000001')
      const reply = await mo({ from: '+491770000001', to: '+4930555000', text: 'Thanks!' })
      assert.equal(reply.account_id, s.userId)
      assert.equal(reply.msg_uuid, latest)
      assert.deepEqual(
        (await list(`?msg_uuid=${latest}`)).map((i) => i.uuid),
        [reply.uuid],
      )
      assert.deepEqual(
        (await list(`?msg_uuid[]=${latest}&msg_uuid[]=${reply.uuid}`)).map((i) => i.uuid),
        [reply.uuid],
      )
    })

    it('prefers the SMS whose sender is the number replied to', async () => {
      const fromNumber = await sent('+491770000002', '4915790000001')
      s.clock.advance(1000)
      await sent('+491770000002', 'Shop')
      const reply = await mo({ from: '+491770000002', to: INBOUND, text: 'Re: your number' })
      assert.equal(reply.msg_uuid, fromNumber)
    })

    it('does not link what was sent longer ago than the reply window, nor unsent SMS', async () => {
      await sent('+491770000003')
      s.clock.advance(73 * 3600_000)
      const late = await mo({ from: '+491770000003', to: '+4930555000', text: 'Late' })
      assert.equal(late.msg_uuid, null)
      assert.equal(late.account_id, null, 'no account can be found for it')
      const unrouted = await s.admin('/admin/incomings/unrouted')
      assert.equal(unrouted.status, 200)
      assert.ok(unrouted.body.items.some((i: { uuid: string }) => i.uuid === late.uuid))
      assert.deepEqual(
        (await list()).filter((i) => i.uuid === late.uuid),
        [],
      )
    })
  })

  describe('opt-out', () => {
    it('a STOP from a number unsubscribes it in the account’s groups and the next bulk skips it', async () => {
      const group = await s.request('/groups', { token: s.token, body: { name: 'Newsletter' } })
      const batch = await s.request(`/groups/${group.body.id}/phones/batch`, {
        token: s.token,
        body: [{ phone: '+491780000001' }, { phone: '+491780000002' }],
      })
      assert.equal(batch.status, 201, batch.text)
      await mo({ from: '+491780000001', to: INBOUND, text: ' Stop! ' })
      const phones = (await s.request(`/groups/${group.body.id}/phones`, { token: s.token })).body[
        'hydra:member'
      ]
      const byPhone = new Map(phones.map((p: any) => [p.phone, p]))
      assert.equal((byPhone.get('+491780000001') as any).unsubscribed_at, s.clock.nowS())
      assert.equal((byPhone.get('+491780000001') as any).unsubscribe_reason, 1)
      assert.equal((byPhone.get('+491780000002') as any).unsubscribed_at, null)

      const bulk = await s.request('/bulks', {
        token: s.token,
        body: { sender_id: 'Taube', text: 'News', msg_groups: [group.body.id] },
      })
      assert.equal(bulk.status, 201, bulk.text)
      await waitFor(
        'the bulk made',
        async () =>
          (await s.request(`/bulks/${bulk.body.uuid}/status`, { token: s.token })).body
            .status_code === 100,
      )
      const made = (await s.request(`/sms?bulk=${bulk.body.uuid}`, { token: s.token })).body[
        'hydra:member'
      ]
      assert.deepEqual(
        made.map((m: { phone: string }) => m.phone),
        ['+491780000002'],
      )
    })

    it('a text that only contains the word does not unsubscribe', async () => {
      const group = await s.request('/groups', { token: s.token, body: { name: 'Keep' } })
      await s.request(`/groups/${group.body.id}/phones`, {
        token: s.token,
        body: { phone: '+491780000003' },
      })
      await mo({ from: '+491780000003', to: INBOUND, text: 'Please do not stop' })
      const phones = (await s.request(`/groups/${group.body.id}/phones`, { token: s.token })).body[
        'hydra:member'
      ]
      assert.equal(phones[0].unsubscribed_at, null)
    })
  })

  describe('notifications', () => {
    it('sends sms.incoming to webhooks and the legacy GET to the account push URL', async () => {
      const hook = await s.request('/webhooks', {
        token: s.token,
        body: { uri: `${hooks.url}/in`, events: ['sms.incoming'] },
      })
      assert.equal(hook.status, 201, hook.text)
      const acc = await s.admin(`/admin/accounts/${s.userId}`, {
        method: 'PATCH',
        body: { push_url: `${push.url}/push.php?site=1` },
      })
      assert.equal(acc.status, 200, acc.text)
      const stored = await mo({ from: '+491761234000', to: INBOUND, text: 'Notify me' })
      const event = await waitFor('sms.incoming', () =>
        hooks.json().find((e) => e.data?.uuid === stored.uuid),
      )
      assert.equal(event.name, 'sms.incoming')
      assert.equal(event.attempt_total, 4)
      const number = (await s.admin(`/admin/inbound-numbers?account_id=${s.userId}`)).body
        .inbound_numbers[0]
      assert.deepEqual(
        { ...event.data, id: typeof event.data.id },
        {
          uuid: stored.uuid,
          to: INBOUND,
          from: '+491761234000',
          received_at: s.clock.nowS(),
          text: 'Notify me',
          msg_uuid: null,
          id: 'number',
          phone: number.number,
        },
      )
      const get = await waitFor('legacy GET', () =>
        push.received.find((r) => r.url.includes('Notify')),
      )
      assert.equal(get.method, 'GET')
      const q = new URL(get.url, push.url).searchParams
      assert.equal(q.get('site'), '1')
      assert.equal(q.get('id'), String(event.data.id))
      assert.equal(q.get('phone'), INBOUND)
      assert.equal(q.get('sender_id'), '+491761234000')
      assert.equal(q.get('text'), 'Notify me')
      assert.equal(q.get('time'), String(s.clock.nowS()))
      assert.equal(q.get('uuid'), null, 'not a reply')
    })

    it("a number's own endpoint replaces the account push URL for messages to it", async () => {
      const created = await s.admin('/admin/inbound-numbers', {
        body: {
          number: '+4915790000002',
          account_id: s.userId,
          endpoint: `${numberPush.url}/mine`,
        },
      })
      assert.equal(created.status, 201, created.text)
      await mo({ from: '+491761234001', to: '+4915790000002', text: 'Own endpoint' })
      await waitFor('the number endpoint', () =>
        numberPush.received.find(
          (r) => r.url.includes('Own+endpoint') || r.url.includes('Own%20endpoint'),
        ),
      )
      await waitFor('the webhook too', () =>
        hooks.json().find((e) => e.data?.text === 'Own endpoint'),
      )
      assert.equal(push.received.filter((r) => r.url.includes('Own')).length, 0)
    })

    it('a reply carries the uuid of the SMS it answers in the legacy push', async () => {
      const original = await sent('+491770000009')
      await mo({ from: '+491770000009', to: '+4930555000', text: 'Reply legacy' })
      const get = await waitFor('legacy reply push', () =>
        push.received.find((r) => r.url.includes('Reply')),
      )
      const q = new URL(get.url, push.url).searchParams
      assert.equal(q.get('uuid'), original)
      assert.equal(q.get('id'), null, 'no inbound number')
      assert.equal(q.get('phone'), null)
    })
  })

  it('answers 409 when no simulator connector runs, and 422 for a bad body', async () => {
    const none = await s.admin('/admin/simulator/mo', {
      body: { from: '+491761112233', to: INBOUND, text: 'x', connector: 'nope' },
    })
    assert.equal(none.status, 409)
    const bad = await s.admin('/admin/simulator/mo', {
      body: { from: '+491761112233', to: INBOUND },
    })
    assert.equal(bad.status, 422)
    assert.match(bad.text, /text/)
  })
})
