import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { AppError } from '../../src/errors/app-error.js'
import { authenticate, KeyCache, type Principal } from '../../src/services/keys/authenticate.js'
import type { SendSmsCommand } from '../../src/services/sms/send-command.js'
import { sendSms } from '../../src/services/sms/send-sms.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

// The send service in the gateway's own terms, as every facade calls it: here the payloads the
// LOX24 API has no field for (8-bit data, a UDH of the caller's).
describe('sendSms takes a provider-neutral command', () => {
  let s: TestServer
  let principal: Principal
  before(async () => {
    s = await startTestServer({}, { delivery: { idleMs: 20 } })
    const [userId, token] = s.token.split(':') as [string, string]
    principal = await authenticate(s.ctx.deps, new KeyCache(), { userId, token }, '127.0.0.1', [
      'v2',
    ])
  })
  after(() => s.close())

  const command = (over: Partial<SendSmsCommand>): SendSmsCommand => ({
    principal,
    ip: '127.0.0.1',
    to: '+4915112345678',
    from: 'Taube',
    payload: { kind: 'text', text: 'hello', encoding: 'auto' },
    serviceCode: null,
    sendAt: null,
    callbackData: null,
    source: null,
    voiceLang: null,
    textDeleted: null,
    ...over,
  })
  const row = (uuid: string) =>
    s.ctx.deps.db
      .selectFrom('sms')
      .select(['is_binary', 'udh', 'text', 'parts_count', 'chars_count', 'dlr_code'])
      .where('uuid', '=', uuid)
      .executeTakeFirstOrThrow()

  it('8-bit data with a UDH of its own is one part, stored as given, and delivered', async () => {
    const udh = Uint8Array.from([0x06, 0x05, 0x04, 0x0b, 0x84, 0x23, 0xf0])
    const data = Uint8Array.from({ length: 120 }, (_, i) => i)
    const { sms } = await sendSms(s.ctx.deps, command({ payload: { kind: 'binary', data, udh } }))
    const r = await row(sms.uuid)
    assert.deepEqual(
      {
        is_binary: r.is_binary,
        udh: r.udh,
        text: r.text,
        parts: r.parts_count,
        chars: r.chars_count,
      },
      {
        is_binary: 1,
        udh: '0605040b8423f0',
        text: Buffer.from(data).toString('hex'),
        parts: 1,
        chars: 120,
      },
    )
    await waitFor('the delivery report', async () => (await row(sms.uuid)).dlr_code === 1)
  })

  it('8-bit data beyond one SMS is split into 134-octet parts and priced per part', async () => {
    const data = new Uint8Array(300).fill(0xab)
    const { sms } = await sendSms(
      s.ctx.deps,
      command({ payload: { kind: 'binary', data, udh: null } }),
    )
    assert.equal(sms.parts_count, 3)
    assert.equal(sms.price_micro, 3 * 75_000)
    assert.equal((await row(sms.uuid)).udh, null)
  })

  it('refuses data that does not fit beside its UDH, naming the command field', async () => {
    const udh = new Uint8Array(12)
    await assert.rejects(
      sendSms(s.ctx.deps, command({ payload: { kind: 'binary', data: new Uint8Array(129), udh } })),
      (err: unknown) =>
        err instanceof AppError &&
        err.violations[0]?.propertyPath === 'text' &&
        /at most 128 fit/.test(err.violations[0].message),
    )
  })

  it('names the fields of the command in its violations; the LOX24 API answers in its own', async () => {
    await assert.rejects(
      sendSms(s.ctx.deps, command({ to: '12', sendAt: 4_000_000_000 })),
      (err: unknown) => {
        assert.ok(err instanceof AppError)
        assert.deepEqual(err.violations.map((v) => v.propertyPath).sort(), ['sendAt', 'to'])
        return true
      },
    )
    const r = await s.request('/sms', {
      token: s.token,
      body: { phone: '12', sender_id: 'Taube', text: 'x', delivery_at: 4_000_000_000 },
    })
    assert.equal(r.status, 422)
    assert.deepEqual(
      r.body.violations.map((v: { propertyPath: string }) => v.propertyPath).sort(),
      ['delivery_at', 'phone'],
    )
  })

  it('stores the class, the own validity, the facade id and the label; the LOX24 object shows none', async () => {
    const fields = async (uuid: string) =>
      s.ctx.deps.db
        .selectFrom('sms')
        .select(['message_class', 'facade_id', 'label', 'due_at', 'valid_until'])
        .where('uuid', '=', uuid)
        .executeTakeFirstOrThrow()
    const at = s.clock.nowS() + 600
    const flash = await sendSms(
      s.ctx.deps,
      command({ sendAt: at, messageClass: 0, validityS: 90, facadeId: 'f-77', label: 'promo' }),
    )
    const r = await fields(flash.sms.uuid)
    assert.deepEqual(
      {
        message_class: r.message_class,
        facade_id: r.facade_id,
        label: r.label,
        validMs: Number(r.valid_until) - Number(r.due_at),
      },
      { message_class: 0, facade_id: 'f-77', label: 'promo', validMs: 90_000 },
    )
    assert.equal(flash.sms.message_class, 0)
    // A validity beyond the operator's, or none: the operator's (48 h by default).
    for (const validityS of [10 * 86400, null]) {
      const { sms } = await sendSms(s.ctx.deps, command({ sendAt: at, validityS }))
      const plain = await fields(sms.uuid)
      assert.equal(Number(plain.valid_until) - Number(plain.due_at), 48 * 3600 * 1000)
      assert.deepEqual([plain.message_class, plain.facade_id, plain.label], [null, null, null])
    }
    const shown = await s.request(`/sms/${flash.sms.uuid}`, { token: s.token })
    assert.equal(shown.status, 200, shown.text)
    for (const key of ['message_class', 'facade_id', 'label']) assert.ok(!(key in shown.body), key)
  })
})
