import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SMPP_STATUS } from '../../src/domain/dlr/smpp-errors.js'
import { encodeGsm7, encodeUcs2 } from '../../src/domain/encoding/gsm7.js'
import { getSms } from '../../src/services/sms/query-sms.js'
import { boundEsme, startGateway, type Esme, type Gateway } from './helpers.js'

const TO = '491701234567'

describe('SMPP server: submit_sm into the send service', () => {
  let g: Gateway
  let esme: Esme
  const stored = (id: string, accountId = g.userId) => getSms(g.ctx.deps, accountId, id)

  before(async () => {
    g = await startGateway({ smppThroughput: 1000 })
    esme = await boundEsme(g, 'transceiver', await g.smppPassword())
  })
  after(async () => {
    esme.close()
    await esme.closed
    await g.close()
  })

  const submit = (params: Record<string, unknown>) =>
    esme.send('submit_sm', {
      source_addr_ton: 5,
      source_addr: 'Taube',
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: TO,
      ...params,
    })

  it('sends GSM text and answers with the message id', async () => {
    const resp = await submit({
      data_coding: 0,
      short_message: Buffer.from(encodeGsm7('Hello {world} €')),
    })
    assert.equal(resp.command_status, 0)
    const sms = await stored(resp.message_id)
    assert.equal(sms.text, 'Hello {world} €')
    assert.equal(sms.phone, `+${TO}`)
    assert.equal(sms.sender_id, 'Taube')
    assert.equal(sms.is_unicode, false)
  })

  it('sends UCS-2 and Latin-1 text', async () => {
    const ucs = await submit({
      data_coding: 8,
      short_message: Buffer.from(encodeUcs2('Привет 👋')),
    })
    assert.equal(ucs.command_status, 0)
    assert.equal((await stored(ucs.message_id)).text, 'Привет 👋')
    assert.equal((await stored(ucs.message_id)).is_unicode, true)
    const latin = await submit({ data_coding: 3, short_message: Buffer.from('Grüße', 'latin1') })
    assert.equal(latin.command_status, 0)
    assert.equal((await stored(latin.message_id)).text, 'Grüße')
  })

  it('sends a long text from message_payload as one message', async () => {
    const text = 'a'.repeat(300)
    const resp = await submit({ data_coding: 0, message_payload: Buffer.from(encodeGsm7(text)) })
    assert.equal(resp.command_status, 0)
    const sms = await stored(resp.message_id)
    assert.equal(sms.text, text)
    assert.equal(sms.parts_count, 2)
  })

  for (const bits of [8, 16] as const) {
    it(`reassembles parts with a ${bits}-bit concatenation UDH into one message`, async () => {
      const part = (seq: number, text: string) => {
        const udh =
          bits === 8 ? [0x05, 0x00, 0x03, 0x42, 2, seq] : [0x06, 0x08, 0x04, 0x12, 0x34, 2, seq]
        return Buffer.concat([Buffer.from(udh), Buffer.from(encodeUcs2(text))])
      }
      const first = await submit({
        esm_class: 0x40,
        data_coding: 8,
        short_message: part(1, 'Первая часть, '),
      })
      assert.equal(first.command_status, 0)
      const second = await submit({
        esm_class: 0x40,
        data_coding: 8,
        short_message: part(2, 'вторая часть'),
      })
      assert.equal(second.command_status, 0)
      const sms = await stored(second.message_id)
      assert.equal(sms.text, 'Первая часть, вторая часть')
      // The earlier part's id is the message's facade id: receipts and queries name both.
      assert.equal(sms.facade_id, first.message_id)
    })
  }

  it('reassembles parts that came over different binds of the account', async () => {
    const other = await boundEsme(g, 'transmitter', await g.smppPassword())
    const part = (seq: number, text: string) =>
      Buffer.concat([Buffer.from([0x05, 0x00, 0x03, 0x99, 2, seq]), Buffer.from(encodeGsm7(text))])
    const first = await submit({ esm_class: 0x40, short_message: part(1, 'split ') })
    const second = await other.send('submit_sm', {
      source_addr_ton: 5,
      source_addr: 'Taube',
      dest_addr_ton: 1,
      destination_addr: TO,
      esm_class: 0x40,
      short_message: part(2, 'across binds'),
    })
    assert.equal(first.command_status, 0)
    assert.equal(second.command_status, 0)
    assert.equal((await stored(second.message_id)).text, 'split across binds')
    other.close()
    await other.closed
  })

  it('reassembles parts named by SAR TLVs', async () => {
    const sar = (seq: number) => ({
      sar_msg_ref_num: 77,
      sar_total_segments: 2,
      sar_segment_seqnum: seq,
    })
    const first = await submit({
      data_coding: 0,
      short_message: Buffer.from(encodeGsm7('one ')),
      ...sar(1),
    })
    const second = await submit({
      data_coding: 0,
      short_message: Buffer.from(encodeGsm7('two')),
      ...sar(2),
    })
    assert.equal(first.command_status, 0)
    assert.equal(second.command_status, 0)
    assert.equal((await stored(second.message_id)).text, 'one two')
  })

  it('sends binary data (data_coding 4)', async () => {
    const resp = await submit({ data_coding: 4, short_message: Buffer.from([0x01, 0x02, 0xff]) })
    assert.equal(resp.command_status, 0)
  })

  it('schedules by a relative schedule_delivery_time, and takes an absolute validity', async () => {
    const now = Math.floor(g.clock.nowMs() / 1000)
    const resp = await submit({
      short_message: 'later',
      schedule_delivery_time: '000000010000000R',
    })
    assert.equal(resp.command_status, 0)
    assert.equal((await stored(resp.message_id)).delivery_at, now + 3600)
    const expired = await submit({ short_message: 'x', validity_period: '000101000000000+' })
    assert.equal(expired.command_status, SMPP_STATUS.ESME_RINVEXPIRY)
  })

  it('maps refusals to command_status: bad number, bad sender, bad coding', async () => {
    const to = await submit({ destination_addr: '12', short_message: 'x' })
    assert.equal(to.command_status, SMPP_STATUS.ESME_RINVDSTADR)
    const from = await submit({ source_addr: 'A sender that is far too long', short_message: 'x' })
    assert.equal(from.command_status, SMPP_STATUS.ESME_RINVSRCADR)
    const dcs = await submit({ data_coding: 0x07, short_message: Buffer.from('x') })
    assert.equal(dcs.command_status, SMPP_STATUS.ESME_RINVDCS)
  })

  it('answers ESME_RX_T_APPN when the balance does not cover the message', async () => {
    const poor = await g.createAccount({ balance: '0' })
    const password = await g.smppPassword(poor.userId)
    const other = await boundEsme(g, 'transmitter', password, String(poor.userId))
    const resp = await other.send('submit_sm', {
      destination_addr: TO,
      dest_addr_ton: 1,
      short_message: 'x',
    })
    assert.equal(resp.command_status, SMPP_STATUS.ESME_RX_T_APPN)
    other.close()
    await other.closed
  })

  it('answers query_sm and cancel_sm, for the account own messages only', async () => {
    const later = await submit({
      short_message: 'cancel me',
      schedule_delivery_time: '000000010000000R',
    })
    const q = await esme.send('query_sm', { message_id: later.message_id })
    assert.equal(q.command_status, 0)
    assert.equal(q.message_state, 1)
    // Another account neither sees nor cancels it.
    const other = await g.createAccount()
    const intruder = await boundEsme(
      g,
      'transceiver',
      await g.smppPassword(other.userId),
      String(other.userId),
    )
    const spy = await intruder.send('query_sm', { message_id: later.message_id })
    assert.equal(spy.command_status, SMPP_STATUS.ESME_RQUERYFAIL)
    const steal = await intruder.send('cancel_sm', { message_id: later.message_id })
    assert.equal(steal.command_status, SMPP_STATUS.ESME_RCANCELFAIL)
    intruder.close()
    await intruder.closed
    const c = await esme.send('cancel_sm', { message_id: later.message_id })
    assert.equal(c.command_status, 0)
    const after = await esme.send('query_sm', { message_id: later.message_id })
    assert.equal(after.message_state, 4)
    const again = await esme.send('cancel_sm', { message_id: later.message_id })
    assert.equal(again.command_status, SMPP_STATUS.ESME_RCANCELFAIL)
    const replace = await esme.send('replace_sm', {
      message_id: later.message_id,
      short_message: 'y',
    })
    assert.equal(replace.command_status, SMPP_STATUS.ESME_RREPLACEFAIL)
  })

  it('answers ESME_RINVBNDSTS to submit_sm on a receiver bind', async () => {
    const rx = await boundEsme(g, 'receiver', await g.smppPassword())
    const resp = await rx.send('submit_sm', { destination_addr: TO, short_message: 'x' })
    assert.equal(resp.command_status, SMPP_STATUS.ESME_RINVBNDSTS)
    rx.close()
    await rx.closed
  })
})

describe('SMPP server: throughput per account', () => {
  it('answers ESME_RTHROTTLED above the account limit', async () => {
    const g = await startGateway({ smppThroughput: 5 })
    try {
      const esme = await boundEsme(g, 'transmitter', await g.smppPassword())
      const resps = await Promise.all(
        Array.from({ length: 12 }, () =>
          esme.send('submit_sm', { destination_addr: TO, dest_addr_ton: 1, short_message: 'x' }),
        ),
      )
      const statuses = resps.map((r) => r.command_status)
      assert.ok(statuses.includes(0))
      assert.ok(statuses.includes(SMPP_STATUS.ESME_RTHROTTLED), statuses.join(','))
      esme.close()
      await esme.closed
    } finally {
      await g.close()
    }
  })
})
