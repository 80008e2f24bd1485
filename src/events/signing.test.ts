import { describe, it, mock } from 'node:test'
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { Webhook, WebhookVerificationError } from 'standardwebhooks'
import {
  generateWebhookSecret,
  isValidWebhookSecret,
  signWebhook,
  verifyWebhook,
  webhookHeaders,
} from './signing.js'

const SECRET = 'whsec_' + Buffer.alloc(32, 7).toString('base64')
const ID = 'msg_2xKq9'
const TS = 1_700_000_000
const BODY = '{"type":"sms.delivered","data":{"id":"42","text":"Grüße"}}'

function headersFor(secret: string, id = ID, ts = TS, body = BODY) {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(ts),
    'webhook-signature': signWebhook(secret, id, ts, body),
  }
}

describe('signWebhook', () => {
  it('matches an HMAC computed directly with node:crypto', () => {
    const key = Buffer.alloc(32, 7)
    const expected = createHmac('sha256', key)
      .update(Buffer.from(`${ID}.${TS}.${BODY}`, 'utf8'))
      .digest('base64')
    assert.equal(signWebhook(SECRET, ID, TS, BODY), `v1,${expected}`)
  })

  it('reproduces the test vector published with the Standard Webhooks specification', () => {
    const signature = signWebhook(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    )
    assert.equal(signature, 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })

  it('refuses an invalid secret rather than signing with garbage', () => {
    assert.throws(() => signWebhook('whsec_short', ID, TS, BODY), TypeError)
  })
})

describe('verifyWebhook', () => {
  const good = headersFor(SECRET)
  const other = 'whsec_' + Buffer.alloc(24, 9).toString('base64')
  const both = (sig: string) => ({ ...good, 'webhook-signature': sig })
  const otherSig = headersFor(other)['webhook-signature']
  type Case = {
    name: string
    headers: Record<string, string>
    body?: string
    now?: number
    ok: boolean
  }
  const cases: Case[] = [
    { name: 'round trip', headers: good, ok: true },
    { name: 'at the edge of the tolerance', headers: good, now: TS + 300, ok: true },
    { name: 'tampered body', headers: good, body: BODY.replace('42', '43'), ok: false },
    { name: 'tampered id', headers: { ...good, 'webhook-id': 'msg_other' }, ok: false },
    {
      name: 'tampered timestamp',
      headers: { ...good, 'webhook-timestamp': String(TS + 1) },
      ok: false,
    },
    { name: 'stale timestamp', headers: good, now: TS + 301, ok: false },
    { name: 'timestamp from the future', headers: good, now: TS - 301, ok: false },
    {
      name: 'timestamp not an integer',
      headers: { ...good, 'webhook-timestamp': `${TS}.0` },
      ok: false,
    },
    { name: 'signed with another secret', headers: headersFor(other), ok: false },
    {
      name: 'several signatures, one matching',
      headers: both(`${otherSig} ${good['webhook-signature']}`),
      ok: true,
    },
    { name: 'several signatures, none matching', headers: both(`${otherSig} v1,AAAA`), ok: false },
    {
      name: 'the right digest under an unknown version',
      headers: { ...good, 'webhook-signature': good['webhook-signature'].replace('v1,', 'v2,') },
      ok: false,
    },
    { name: 'missing signature', headers: { ...good, 'webhook-signature': '' }, ok: false },
  ]
  for (const c of cases) {
    it(`${c.name} → ${c.ok}`, () => {
      assert.equal(verifyWebhook(SECRET, c.headers, c.body ?? BODY, c.now ?? TS + 5), c.ok)
    })
  }

  it('honours a custom tolerance', () => {
    assert.equal(verifyWebhook(SECRET, good, BODY, TS + 10, 5), false)
    assert.equal(verifyWebhook(SECRET, good, BODY, TS + 5, 5), true)
  })
})

describe('webhookHeaders', () => {
  it('signs when a secret is given', () => {
    const headers = webhookHeaders(SECRET, ID, TS, BODY)
    assert.deepEqual(headers, {
      'webhook-id': ID,
      'webhook-timestamp': String(TS),
      'webhook-signature': signWebhook(SECRET, ID, TS, BODY),
    })
    assert.equal(verifyWebhook(SECRET, headers, BODY, TS), true)
  })

  it('leaves the signature out without a secret', () => {
    assert.deepEqual(webhookHeaders(null, ID, TS, BODY), {
      'webhook-id': ID,
      'webhook-timestamp': String(TS),
    })
  })
})

describe('generateWebhookSecret', () => {
  it('makes valid, distinct secrets of 24 random bytes', () => {
    const a = generateWebhookSecret()
    const b = generateWebhookSecret()
    assert.match(a, /^whsec_[A-Za-z0-9+/]{32}$/)
    assert.equal(Buffer.from(a.slice(6), 'base64').length, 24)
    assert.notEqual(a, b)
    assert.equal(isValidWebhookSecret(a), true)
  })
})

describe('isValidWebhookSecret', () => {
  const b64 = (n: number) => Buffer.alloc(n, 1).toString('base64')
  const cases: [string, string, boolean][] = [
    ['24 bytes', 'whsec_' + b64(24), true],
    ['32 bytes', 'whsec_' + b64(32), true],
    ['64 bytes', 'whsec_' + b64(64), true],
    ['the specification example', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', true],
    ['23 bytes', 'whsec_' + b64(23), false],
    ['65 bytes', 'whsec_' + b64(65), false],
    ['no prefix', b64(32), false],
    ['wrong prefix', 'whsek_' + b64(32), false],
    ['prefix only', 'whsec_', false],
    ['empty', '', false],
    ['base64url alphabet', 'whsec_' + b64(32).replace(/\+|\//g, '-') + '-_-_', false],
    ['missing padding', 'whsec_' + b64(25).replace(/=+$/, ''), false],
    ['junk inside', 'whsec_' + b64(32).slice(0, 10) + '!' + b64(32).slice(11), false],
    ['whitespace', 'whsec_' + b64(32) + ' ', false],
    ['non-canonical padding bits', 'whsec_' + b64(25).replace(/Q==$/, 'R=='), false],
  ]
  for (const [name, secret, valid] of cases) {
    it(`${name} → ${valid}`, () => assert.equal(isValidWebhookSecret(secret), valid))
  }
})

// The reference implementation of the specification, as a receiver would use it: what we sign
// it must accept, and what it signs must be byte for byte what we sign.
describe('against the standardwebhooks package', () => {
  const secrets = [
    SECRET,
    'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    generateWebhookSecret(),
    'whsec_' + Buffer.alloc(64, 0xfe).toString('base64'),
  ]
  const bodies = [
    BODY,
    '{}',
    '{"text":"Ärger 😀 漢字 \\"quoted\\" \\n line"}',
    `{"pad":"${'x'.repeat(10_000)}"}`,
  ]
  const ids = [ID, 'msg_p5jXN8AQM9LWM0D4loKWxJek', '0b4c6d8e-1234-4f00-9abc-0123456789ab']

  /** The package reads the clock itself; it is set to the message's time. */
  function atTime<T>(timestampS: number, f: () => T): T {
    mock.timers.enable({ apis: ['Date'], now: timestampS * 1000 })
    try {
      return f()
    } finally {
      mock.timers.reset()
    }
  }

  it('produces the same signature, byte for byte', () => {
    for (const secret of secrets) {
      for (const body of bodies) {
        for (const id of ids) {
          const theirs = new Webhook(secret).sign(id, new Date(TS * 1000), body)
          assert.equal(signWebhook(secret, id, TS, body), theirs)
        }
      }
    }
  })

  it('accepts our headers', () => {
    for (const secret of secrets) {
      for (const body of bodies) {
        const headers = webhookHeaders(secret, ID, TS, body)
        const parsed = atTime(TS + 5, () => new Webhook(secret).verify(body, headers))
        assert.deepEqual(parsed, JSON.parse(body))
      }
    }
  })

  it('refuses what we sign when the body is changed', () => {
    const headers = webhookHeaders(SECRET, ID, TS, BODY)
    const tampered = BODY.replace('42', '43')
    assert.throws(
      () => atTime(TS, () => new Webhook(SECRET).verify(tampered, headers)),
      WebhookVerificationError,
    )
  })

  it('is accepted by our verifier', () => {
    for (const secret of secrets) {
      for (const body of bodies) {
        const signature = new Webhook(secret).sign(ID, new Date(TS * 1000), body)
        const headers = {
          'webhook-id': ID,
          'webhook-timestamp': String(TS),
          'webhook-signature': signature,
        }
        assert.equal(verifyWebhook(secret, headers, body, TS + 5), true)
        assert.equal(verifyWebhook(secret, headers, body + ' ', TS + 5), false)
      }
    }
  })
})
