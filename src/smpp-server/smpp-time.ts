// SMPP 3.4 §7.1.1 times: absolute `YYMMDDhhmmsstnnp` (p `+`/`-`: quarter hours from UTC) and
// relative `YYMMDDhhmmss000R`. Read as Unix seconds; null for an empty field.
import { receiptDateOf } from '../domain/dlr/receipt-text.js'

/** Unix seconds of `value`, relative ones counted from `nowS`; throws on a malformed time. */
export function parseSmppTime(value: string, nowS: number): number | null {
  if (value === '') return null
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d)(\d{2})([+\-R])$/.exec(value)
  if (!m) throw new RangeError(`"${value}" is not an SMPP time (YYMMDDhhmmsstnnp)`)
  const [yy, mo, dd, hh, mi, ss, , nn, p] = m.slice(1).map((v, i) => (i === 8 ? v : Number(v)))
  if (p === 'R') {
    // Years as 365 days and months as 30, as SMSCs count them.
    const days = (yy as number) * 365 + (mo as number) * 30 + (dd as number)
    return nowS + days * 86_400 + (hh as number) * 3600 + (mi as number) * 60 + (ss as number)
  }
  if ((mo as number) < 1 || (mo as number) > 12 || (dd as number) < 1 || (dd as number) > 31) {
    throw new RangeError(`"${value}" names no date`)
  }
  if ((hh as number) > 23 || (mi as number) > 59 || (ss as number) > 59 || (nn as number) > 48) {
    throw new RangeError(`"${value}" names no time`)
  }
  const utc = Date.UTC(
    2000 + (yy as number),
    (mo as number) - 1,
    dd as number,
    hh as number,
    mi as number,
    ss as number,
  )
  const offsetS = (nn as number) * 15 * 60
  return Math.floor(utc / 1000) - (p === '+' ? offsetS : -offsetS)
}

/** The receipt's `YYMMDDhhmm` in UTC. */
export function receiptDate(unixS: number): string {
  return receiptDateOf(unixS * 1000)
}
