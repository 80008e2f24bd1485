import { isPrivateAddress } from '../../src/events/ssrf-guard.js'
import { alternate, packageVersion, perSecond, ratio } from './alternate.js'
import { isPrivateAddressHandWritten } from './ip-handwritten.js'

const CHECKS = Number(process.env.BENCH_IP_CHECKS ?? 200_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9)

/** What a resolver hands the guard: mostly public, some private, IPv4 and IPv6, a few embedded. */
const ADDRESSES = [
  '93.184.216.34',
  '8.8.8.8',
  '10.1.2.3',
  '127.0.0.1',
  '172.32.0.1',
  '192.168.1.1',
  '203.0.113.9',
  '169.254.169.254',
  '2606:4700:4700::1111',
  '2001:4860:4860::8888',
  '::1',
  'fe80::1%eth0',
  '::ffff:127.0.0.1',
  '::ffff:808:808',
  '64:ff9b::8.8.8.8',
  '2002:7f00:1::1',
]

/**
 * The SSRF guard's address check (isPrivateAddress): the hand-written BigInt version it had
 * against the one on ipaddr.js it has now. Both must agree on every address first.
 */
export async function benchLibsIp() {
  for (const a of ADDRESSES) {
    if (isPrivateAddress(a) !== isPrivateAddressHandWritten(a)) {
      throw new Error(`they differ on ${a}`)
    }
  }
  const pass = (check: (ip: string) => boolean) => () => {
    const start = performance.now()
    let refused = 0
    for (let i = 0; i < CHECKS; i++) if (check(ADDRESSES[i % ADDRESSES.length]!)) refused++
    if (refused === 0) throw new Error('nothing refused')
    return perSecond(CHECKS, performance.now() - start)
  }
  const checks = alternate(
    'checks per second',
    ROUNDS,
    pass(isPrivateAddressHandWritten),
    pass(isPrivateAddress),
  )
  return {
    name: 'libs-ip',
    description:
      `isPrivateAddress on ${ADDRESSES.length} mixed addresses, ${CHECKS} checks a round: ` +
      `hand-written BigInt code against ipaddr.js ${packageVersion('ipaddr.js')}, alternating`,
    ...checks,
    libraryFasterTimes: ratio(checks.library.median, checks.handWritten.median),
  }
}
