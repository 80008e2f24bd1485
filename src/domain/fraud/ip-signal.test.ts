import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ipSignal, parseIp, type GeoFacts } from './ip-signal.js'

const BERLIN: GeoFacts = {
  country: 'DE',
  region: 'BE',
  city: 'Berlin',
  latitude: 52.52,
  longitude: 13.4,
  timezone: 'Europe/Berlin',
}

describe('parseIp', () => {
  const cases: [string, string | null][] = [
    ['8.8.8.8', '8.8.8.8'],
    ['2a00:1450:4001::1', '2a00:1450:4001::1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['256.1.1.1', null],
    ['127.1', null],
    ['0x7f.0.0.1', null],
    ['10', null],
    ['strings', null],
    ['fe80::1%eth0', null],
    ['1.2.3.4.5', null],
    ['', null],
  ]
  for (const [text, canonical] of cases) {
    it(`${JSON.stringify(text)} → ${canonical}`, () =>
      assert.equal(parseIp(text)?.toString() ?? null, canonical))
  }
})

describe('ipSignal', () => {
  // address, geo → range, public, reason codes
  const cases: [string, GeoFacts | null, string, boolean, string[]][] = [
    ['85.214.132.117', BERLIN, 'unicast', true, []],
    ['85.214.132.117', null, 'unicast', true, ['ip_unknown_location']],
    ['10.1.2.3', null, 'private', false, ['ip_not_public']],
    ['192.168.0.7', BERLIN, 'private', false, ['ip_not_public']],
    ['172.16.5.4', null, 'private', false, ['ip_not_public']],
    ['127.0.0.1', null, 'loopback', false, ['ip_not_public']],
    ['100.64.0.1', null, 'carrierGradeNat', false, ['ip_not_public']],
    ['192.0.2.10', null, 'reserved', false, ['ip_not_public']],
    ['169.254.1.1', null, 'linkLocal', false, ['ip_not_public']],
    ['224.0.0.1', null, 'multicast', false, ['ip_not_public']],
    ['::1', null, 'loopback', false, ['ip_not_public']],
    ['fd00::1', null, 'uniqueLocal', false, ['ip_not_public']],
    ['2001:db8::1', null, 'reserved', false, ['ip_not_public']],
    ['2a00:1450:4001::1', BERLIN, 'unicast', true, []],
  ]
  for (const [ip, geo, range, isPublic, reasons] of cases) {
    it(`${ip}: ${range}, [${reasons}]`, () => {
      const r = ipSignal(ip, geo)
      assert.deepEqual(
        [r.range, r.public, r.reasons.map((x) => x.code)],
        [range, isPublic, reasons],
      )
    })
  }

  it('places a public address where the database says, a private one nowhere', () => {
    const pub = ipSignal('85.214.132.117', BERLIN)
    assert.deepEqual(
      [pub.version, pub.country, pub.city, pub.latitude, pub.longitude],
      [4, 'DE', 'Berlin', 52.52, 13.4],
    )
    const priv = ipSignal('10.0.0.1', BERLIN)
    assert.deepEqual([priv.country, priv.city, priv.latitude], [null, null, null])
    assert.equal(ipSignal('::1', null).version, 6)
  })
})
