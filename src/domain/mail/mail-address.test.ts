import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { parseMailAddress, type AddressField, type MailAddress } from './mail-address.js'

const DOMAINS = { sms: 'mail2sms.example.test', bulk: 'email2bulk.example.test' }
const KEY = 'e3f3a759b6677959b6ebfcxxxxxxxxxx'
const sms = (local: string) => `${local}@mail2sms.example.test`
const bulk = (local: string) => `${local}@email2bulk.example.test`

const DEFAULTS = { serviceCode: 'direct', senderSlot: 1, textSource: 0, encoding: 0, maxParts: 1 }

// The spec's examples (§20.3), each field added from the right, and the defaults in between.
const GOOD: [string, Partial<MailAddress>][] = [
  [sms(`1234567.${KEY}.1234567890`), { target: 'sms', recipient: '1234567890' }],
  [sms(`1234567.${KEY}.1234567890.direct`), { serviceCode: 'direct' }],
  [sms(`1234567.${KEY}.1234567890.direct.2`), { senderSlot: 2 }],
  [sms(`1234567.${KEY}.1234567890.direct.2.1`), { senderSlot: 2, textSource: 1 }],
  [sms(`1234567.${KEY}.1234567890.direct.2.1.2`), { senderSlot: 2, textSource: 1, encoding: 2 }],
  [
    sms(`1234567.${KEY}.1234567890.text2speech.6.2.1.10`),
    { serviceCode: 'text2speech', senderSlot: 6, textSource: 2, encoding: 1, maxParts: 10 },
  ],
  [bulk(`1234567.${KEY}.12345`), { target: 'bulk', recipient: '12345' }],
  [bulk(`1234567.${KEY}.12345.direct.2.1.2`), { senderSlot: 2, textSource: 1, encoding: 2 }],
  // G-45: a leading + is tolerated; the local part and domain ignore case, except the key.
  [sms(`1234567.${KEY}.+491701234567`), { recipient: '491701234567' }],
  [`1234567.${KEY}.491701234567.DIRECT@MAIL2SMS.Example.TEST`, { serviceCode: 'direct' }],
  [sms(`1234567.${KEY}.491701234567.direkt`), { serviceCode: 'direct' }],
  [sms(`1234567.${KEY}.491701234567.economy`), { serviceCode: 'economy' }],
  // An empty optional field takes its default.
  [sms(`1234567.${KEY}.491701234567..3`), { serviceCode: 'direct', senderSlot: 3 }],
  [sms(`1234567.${KEY}.491701234567.direct...1`), { encoding: 1, textSource: 0 }],
  [`<${sms(`1.${KEY}.49170`)}>`, { userId: '1', recipient: '49170' }],
]

describe('parseMailAddress: the address forms and their defaults', () => {
  for (const [raw, expected] of GOOD) {
    it(raw, () => {
      const parsed = parseMailAddress(raw, DOMAINS)
      assert.ok(parsed.ok, JSON.stringify(parsed))
      const want = { ...DEFAULTS, userId: '1234567', apiKey: KEY, ...expected }
      for (const [k, v] of Object.entries(want)) {
        assert.equal(parsed.address[k as keyof MailAddress], v, k)
      }
    })
  }

  it('keeps the key as written', () => {
    const parsed = parseMailAddress(sms('7.AbC.4917'), DOMAINS)
    assert.ok(parsed.ok)
    assert.equal(parsed.address.apiKey, 'AbC')
  })
})

// [address, field, with credentials (authenticate first, then answer)]
const BAD: [string, AddressField, boolean][] = [
  ['not-an-address', 'request', false],
  [`1.${KEY}.4917@elsewhere.test`, 'request', false],
  [sms(`abc.${KEY}.4917`), 'user_id', false],
  [sms(`1..4917`), 'api_key', false],
  [sms(`1`), 'api_key', false],
  [sms(`1.${KEY}`), 'phone', true],
  [bulk(`1.${KEY}`), 'group_id', true],
  [sms(`1.${KEY}.49x17`), 'phone', true],
  [sms(`1.${KEY}.4917123456789012`), 'phone', true],
  [bulk(`1.${KEY}.g12`), 'group_id', true],
  [sms(`1.${KEY}.4917.dir-ect`), 'service_code', true],
  [sms(`1.${KEY}.4917.direct.0`), 'sender_id', true],
  [sms(`1.${KEY}.4917.direct.7`), 'sender_id', true],
  [sms(`1.${KEY}.4917.direct.x`), 'sender_id', true],
  [sms(`1.${KEY}.4917.direct.1.3`), 'text_source', true],
  [sms(`1.${KEY}.4917.direct.1.0.3`), 'encoding', true],
  [sms(`1.${KEY}.4917.direct.1.0.0.0`), 'max_sms_parts', true],
  [sms(`1.${KEY}.4917.direct.1.0.0.11`), 'max_sms_parts', true],
  [sms(`1.${KEY}.4917.direct.1.0.0.1.9`), 'request', true],
]

describe('parseMailAddress: what is refused, and whether the sender is known by then', () => {
  for (const [raw, field, authenticated] of BAD) {
    it(`${raw} → ${field}`, () => {
      const parsed = parseMailAddress(raw, DOMAINS)
      assert.ok(!parsed.ok)
      assert.equal(parsed.problem.field, field)
      assert.ok(parsed.problem.description.length > 0)
      assert.equal(parsed.credentials !== null, authenticated)
    })
  }
})
