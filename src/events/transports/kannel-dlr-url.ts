// Mode B of the Kannel emulation (spec §19.3, §19.5): a delivery report goes to the dlr-url
// Kannel sent with the message, its %-escapes filled in as Kannel's smsbox fills them for a
// report, and only for the report types the message's dlr-mask asks for.
import type { DlrCode } from '../../domain/dlr/dlr-codes.js'

/**
 * dlr_code → Kannel's report type (%d): 1 delivered to phone, 2 not delivered to phone, 4 queued
 * on SMSC, 8 delivered to SMSC, 16 not delivered to SMSC (spec §19.5 recommendation).
 */
export const KANNEL_DLR_TYPE = {
  1: 1,
  2: 4,
  4: 8,
  8: 2,
  16: 16,
} as const satisfies Record<DlrCode, number>

/** Kannel's words for a report type, the text of its own reports (%A, %a, %b). */
const REPORT_TEXT: Record<number, string> = {
  1: 'DELIVRD',
  2: 'UNDELIV',
  4: 'BUFFRED',
  8: 'ACK',
  16: 'REJECTD',
}

export type KannelReport = {
  /** The message as Kannel asked for it. */
  url: string
  mask: number
  receiver: string
  sender: string
  dlrCode: number
  smsUuid: string
  /** E.164, with + */
  phone: string
  nowS: number
}

/**
 * The report type of a dlr_code if the mask asks for it, else null (no report). A rejection is
 * "not delivered to SMSC" (16), or, for the many applications that ask only for 1 and 2 (mask 3),
 * "not delivered to phone" (2), so that they learn of it (spec §19.5: 16→16 or 2).
 */
export function kannelReportType(dlrCode: number, mask: number): number | null {
  const type = (KANNEL_DLR_TYPE as Record<number, number>)[dlrCode]
  if (type === undefined) return null
  if ((type & mask) !== 0) return type
  return dlrCode === 16 && (mask & 2) !== 0 ? 2 : null
}

/**
 * The URL to call for one report, or null when the mask does not ask for its type. Each escape
 * is URL-encoded as Kannel's %E does; `to` is appended when missing, for Kannel finds the
 * message by dlr-mid and to (Appendix B).
 */
export function kannelDlrUrl(r: KannelReport): string | null {
  const type = kannelReportType(r.dlrCode, r.mask)
  if (type === null) return null
  const text = REPORT_TEXT[type]!
  const values: Record<string, string> = {
    d: String(type),
    // %q and %Q: the recipient in international form (spec §19.5); %P as Kannel got it.
    q: r.phone,
    Q: r.phone,
    P: r.receiver,
    p: r.sender,
    T: String(r.nowS),
    t: kannelTime(r.nowS),
    A: text,
    a: text,
    b: text,
    I: r.smsUuid,
    F: r.smsUuid,
    k: '',
    s: '',
    S: '',
    r: '',
    i: 'taube',
    n: '',
    c: '',
    m: '',
    M: '',
    C: '',
    u: '',
    B: '',
    o: '',
    O: '',
    f: '',
    R: '',
    D: '',
  }
  // An escaped octet (%2F, %FC) is left alone; Kannel's escapes are one letter.
  let url = r.url.replace(/%(?![0-9A-Fa-f]{2})([A-Za-z%])/g, (whole, c: string) =>
    c === '%' ? '%' : c in values ? encodeURIComponent(values[c]!) : whole,
  )
  if (!/[?&]to=/.test(url))
    url += `${url.includes('?') ? '&' : '?'}to=${encodeURIComponent(r.receiver)}`
  return url
}

/** Kannel's %t: `YYYY-MM-DD HH:MM:SS` in UTC. */
function kannelTime(s: number): string {
  return new Date(s * 1000).toISOString().slice(0, 19).replace('T', ' ')
}
