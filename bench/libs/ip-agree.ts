import { isPrivateAddress } from '../../src/events/ssrf-guard.js'
import { isPrivateAddressHandWritten } from './ip-handwritten.js'

// `node --import tsx bench/libs/ip-agree.ts [count]`: the SSRF guard's address check against the
// hand-written code it replaced, on random addresses in and around every range it knows.
const COUNT = Number(process.argv[2] ?? 500_000)
let seed = 42
const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32
const word = () => Math.floor(random() * 65536).toString(16)
const v4 = () => Array.from({ length: 4 }, () => Math.floor(random() * 256)).join('.')
const PREFIXES = [
  '::ffff:',
  '64:ff9b::',
  '64:ff9b:1::',
  '2002:',
  '2001:',
  '2001:db8:',
  '3fff:',
  'fe80::',
  'fc00::',
  '::',
  '100::',
  '2606:',
  '',
]

function randomAddress(): string {
  if (random() < 0.4) return v4()
  const prefix = PREFIXES[Math.floor(random() * PREFIXES.length)]!
  const words = Array.from({ length: 8 }, word)
  let a: string
  if (prefix === '') a = words.join(':')
  else if (prefix.endsWith('::')) a = prefix + (random() < 0.5 ? v4() : words.slice(0, 2).join(':'))
  else a = prefix + words.slice(0, 8 - prefix.split(':').length + 1).join(':')
  if (random() < 0.1) a += '%eth0'
  return random() < 0.2 ? a.toUpperCase() : a
}

let differences = 0
for (let i = 0; i < COUNT; i++) {
  const a = randomAddress()
  if (isPrivateAddress(a) !== isPrivateAddressHandWritten(a)) {
    if (differences++ < 10) console.log(`differ on ${a}: now ${isPrivateAddress(a)}`)
  }
}
console.log(`${COUNT} addresses, ${differences} differences`)
process.exitCode = differences === 0 ? 0 : 1
