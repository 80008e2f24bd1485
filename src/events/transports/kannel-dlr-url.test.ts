import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { kannelDlrUrl, kannelReportType } from './kannel-dlr-url.js'

const report = {
  url: 'http://127.0.0.1:13015/?username=1&password=k&dlr-url=http://app/d?x=%d&dlr-mask=%d&dlr-mid=abc',
  mask: 31,
  receiver: '+491701234567',
  sender: 'Taube',
  dlrCode: 1,
  smsUuid: '0190a3b2-0000-7000-8000-0000000000a7',
  phone: '+491701234567',
  nowS: 1_800_000_000,
}

describe('kannelDlrUrl', () => {
  it('maps dlr_code to the report type (spec §19.5) and asks the mask', () => {
    const table = [
      [1, 1],
      [2, 4],
      [4, 8],
      [8, 2],
      [16, 16],
    ] as const
    for (const [code, type] of table) assert.equal(kannelReportType(code, 31), type)
    assert.equal(kannelReportType(0, 31), null)
    assert.equal(kannelReportType(4, 3), null)
    assert.equal(kannelReportType(8, 3), 2)
  })

  it('reports a rejection as 16 where the mask asks for it, else as 2 (not delivered to phone)', () => {
    const table = [
      [31, 16],
      [16, 16],
      [3, 2],
      [2, 2],
      [18, 16],
      [1, null],
      [9, null],
    ] as const
    for (const [mask, type] of table) assert.equal(kannelReportType(16, mask), type, `mask ${mask}`)
  })

  it('fills every %d, the escapes URL-encoded, and appends to', () => {
    const url = kannelDlrUrl(report)!
    assert.equal(
      url,
      'http://127.0.0.1:13015/?username=1&password=k&dlr-url=http://app/d?x=1&dlr-mask=1&dlr-mid=abc&to=%2B491701234567',
    )
  })

  it('%q %P %p %T %t %A, an escaped octet left alone, an existing to kept', () => {
    const url = kannelDlrUrl({
      ...report,
      dlrCode: 16,
      url: 'http://h/r?q=%q&P=%P&p=%p&T=%T&t=%t&A=%A&e=%FC%2B&to=x',
    })
    assert.equal(
      url,
      'http://h/r?q=%2B491701234567&P=%2B491701234567&p=Taube&T=1800000000&t=2027-01-15%2008%3A00%3A00&A=REJECTD&e=%FC%2B&to=x',
    )
  })

  it('no URL for a type the mask does not ask for', () => {
    assert.equal(kannelDlrUrl({ ...report, mask: 2 }), null)
  })
})
