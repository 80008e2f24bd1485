import { Webhook } from 'standardwebhooks'
import { signWebhook } from '../../src/events/signing.js'
import { alternate, packageVersion, perSecond, ratio } from './alternate.js'

const SIGNATURES = Number(process.env.BENCH_SIGNATURES ?? 20_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9)
const SECRET = 'whsec_' + Buffer.alloc(24, 7).toString('base64')
/** About the size of an `sms.delivery` event. */
const BODY = JSON.stringify({
  type: 'sms.delivery',
  timestamp: '2026-12-06T20:00:00Z',
  data: {
    id: '0b4c6d8e-1234-4f00-9abc-0123456789ab',
    phone: '+491701234567',
    status: 'delivered',
    dlr_code: 1,
    callback_data: 'order-4711',
    text: 'Ihre Bestellung ist unterwegs. Grüße!',
  },
})

/**
 * Standard Webhooks signatures as the event worker makes them, one per delivery: our
 * signWebhook (node:crypto HMAC) against the standardwebhooks package's Webhook.sign.
 */
export async function benchLibsSigning() {
  const ts = 1_700_000_000
  const theirs = new Webhook(SECRET).sign('msg_1', new Date(ts * 1000), BODY)
  if (signWebhook(SECRET, 'msg_1', ts, BODY) !== theirs) throw new Error('the signatures differ')
  const pass = (sign: (id: string, timestampS: number) => string) => () => {
    const start = performance.now()
    for (let i = 0; i < SIGNATURES; i++) sign(`msg_${i}`, ts + i)
    return perSecond(SIGNATURES, performance.now() - start)
  }
  const signatures = alternate(
    'signatures per second',
    ROUNDS,
    pass((id, timestampS) => signWebhook(SECRET, id, timestampS, BODY)),
    // A Webhook per signature, as ours takes the secret each time: secrets differ per webhook.
    pass((id, timestampS) => new Webhook(SECRET).sign(id, new Date(timestampS * 1000), BODY)),
  )
  return {
    name: 'libs-signing',
    description:
      `${SIGNATURES} signatures a round over a ${BODY.length}-byte event: signWebhook against ` +
      `standardwebhooks ${packageVersion('standardwebhooks')} Webhook.sign, alternating`,
    ...signatures,
    libraryTakesTimes: ratio(signatures.handWritten.median, signatures.library.median),
  }
}
