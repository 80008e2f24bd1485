import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  formatWallTime,
  isTimeZone,
  parseWallTime,
  unixAtWallTime,
  wallTimeAt,
} from './zoned-time.js'

describe('Pushwoosh wall times', () => {
  it('parses YYYY-MM-DD HH:mm and refuses what is no time', () => {
    const cases: [string, boolean][] = [
      ['2026-12-24 18:30', true],
      ['2026-12-24 18:30:15', true],
      ['2028-02-29 00:00', true],
      ['2026-02-29 00:00', false],
      ['2026-02-30 10:00', false],
      ['2026-13-01 10:00', false],
      ['2026-12-24 24:00', false],
      ['2026-12-24 18:60', false],
      ['2026-12-24T18:30', false],
      ['2026-12-24 18:30 ', false],
      ['24.12.2026 18:30', false],
      ['now', false],
      ['', false],
    ]
    for (const [text, ok] of cases) assert.equal(parseWallTime(text) !== null, ok, text)
  })

  it('knows IANA zones and nothing else', () => {
    for (const z of ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'])
      assert.ok(isTimeZone(z), z)
    for (const z of ['', 'Mars/Olympus', 'Europe/Berlin; DROP', 'x'.repeat(65)])
      assert.ok(!isTimeZone(z), z)
  })

  it('turns a wall time in a zone into the unix second, across offsets and DST', () => {
    const cases: [string, string, string][] = [
      ['2026-12-24 18:30', 'UTC', '2026-12-24T18:30:00Z'],
      ['2026-12-24 18:30', 'Europe/Berlin', '2026-12-24T17:30:00Z'], // CET, +1
      ['2026-07-01 12:00', 'Europe/Berlin', '2026-07-01T10:00:00Z'], // CEST, +2
      ['2026-07-01 12:00', 'America/New_York', '2026-07-01T16:00:00Z'], // EDT, -4
      ['2026-01-15 09:15', 'Asia/Kolkata', '2026-01-15T03:45:00Z'], // +5:30
      // Berlin skips 02:00-03:00 on 2026-03-29: 02:30 is read as 03:30 CEST.
      ['2026-03-29 02:30', 'Europe/Berlin', '2026-03-29T01:30:00Z'],
      // Berlin repeats 02:00-03:00 on 2026-10-25: the first (CEST) is taken.
      ['2026-10-25 02:30', 'Europe/Berlin', '2026-10-25T00:30:00Z'],
    ]
    for (const [wall, zone, iso] of cases) {
      const at = unixAtWallTime(parseWallTime(wall)!, zone)
      assert.equal(new Date(at * 1000).toISOString().replace('.000', ''), iso, `${wall} ${zone}`)
    }
  })

  it('formats the wall time at a unix second in a zone', () => {
    const at = Date.UTC(2026, 6, 1, 10, 0, 5) / 1000
    assert.equal(formatWallTime(wallTimeAt(at, 'UTC')), '2026-07-01 10:00:05')
    assert.equal(formatWallTime(wallTimeAt(at, 'Europe/Berlin')), '2026-07-01 12:00:05')
  })
})
