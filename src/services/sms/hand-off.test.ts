// Which accepted messages are leased to the dispatcher, and how the row is left.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DispatcherHandOff } from '../../delivery/hand-off.js'
import { CLAIMED_COLUMNS } from '../../store/queue/claim.js'
import { SharedRoom } from '../../store/queue/shared-room.js'
import { claimedSms, leaseToDispatcher } from './hand-off.js'
import { smsRow, testSmsUuid } from '../../../test/helpers/sms-row.js'

/** A dispatcher's hand-off with `places` free, that delivers nowhere. */
function handOff(places: number) {
  const room = new SharedRoom()
  room.open(places)
  return { room, handOff: new DispatcherHandOff(room, 'dispatcher-test', 30_000, () => undefined) }
}

describe('leaseToDispatcher', () => {
  const cases = [
    { name: 'a message due now, with room: leased', state: 'queued', places: 1, leased: true },
    { name: 'no room: queued', state: 'queued', places: 0, leased: false },
    {
      name: 'a scheduled message: left to its delivery_at',
      state: 'scheduled',
      places: 1,
      leased: false,
    },
  ] as const
  for (const c of cases) {
    it(c.name, () => {
      const { room, handOff: h } = handOff(c.places)
      const row = smsRow({ uuid: testSmsUuid(1), state: c.state })
      const before = { ...row }
      const got = leaseToDispatcher(h, row, 1_000_000)
      assert.equal(got, c.leased ? h : null)
      if (c.leased) {
        assert.deepEqual(row, {
          ...before,
          state: 'submitting',
          lease_owner: 'dispatcher-test',
          lease_expires_at: 1_030_000,
          attempts: 1,
        })
        assert.equal(room.free, 0)
      } else {
        assert.deepEqual(row, before, 'the row is left as it was')
        assert.equal(room.free, c.places, 'no place taken')
      }
    })
  }

  it('no dispatcher in this process: queued', () => {
    const row = smsRow({ uuid: testSmsUuid(1) })
    assert.equal(leaseToDispatcher(null, row, 0), null)
    assert.equal(row.state, 'queued')
  })

  it('claimedSms carries what a claim returns, no more', () => {
    const row = smsRow({ uuid: testSmsUuid(2), text: 'hi', udh: '050003aa0201', valid_until: 5 })
    const m = claimedSms(row)
    assert.deepEqual(Object.keys(m).sort(), [...CLAIMED_COLUMNS].sort())
    for (const c of CLAIMED_COLUMNS) assert.equal(m[c], row[c], c)
  })
})
