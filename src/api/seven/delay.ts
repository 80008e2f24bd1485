// seven's `delay`: a unix timestamp, or `YYYY-MM-DD hh:mm:ss` as seven's own clock reads it
// (Europe/Berlin, where seven is). The official client sends a Date's valueOf(): milliseconds.
import { parseWallTime, unixAtWallTime } from '../../domain/time/zoned-time.js'

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/
const ZONE = 'Europe/Berlin'
/** Above this a timestamp is taken as milliseconds (1e11 s is the year 5138). */
const MS_ABOVE = 1e11

/** Unix seconds, or null when the value is no time. */
export function parseDelay(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? seconds(v) : null
  if (typeof v !== 'string') return null
  const s = v.trim()
  if (/^\d{1,15}$/.test(s)) return seconds(Number(s))
  const m = LOCAL.exec(s)
  if (m === null) return null
  const [y, mo, d, h, mi, se] = m.slice(1)
  const wall = parseWallTime(`${y}-${mo}-${d} ${h}:${mi}:${se}`)
  return wall === null ? null : unixAtWallTime(wall, ZONE)
}

function seconds(n: number): number {
  return n > MS_ABOVE ? Math.floor(n / 1000) : n
}
