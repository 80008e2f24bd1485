// seven's `delay`: a unix timestamp, or `YYYY-MM-DD hh:mm:ss` as seven's own clock reads it
// (Europe/Berlin, where seven is). The official client sends a Date's valueOf(): milliseconds.

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
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, se)
  const check = new Date(asUtc)
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || se > 59)
    return null
  // The zone's offset at that moment; a second pass settles the hours around a DST change.
  let t = asUtc - offsetMs(asUtc)
  t = asUtc - offsetMs(t)
  return Math.floor(t / 1000)
}

function seconds(n: number): number {
  return n > MS_ABOVE ? Math.floor(n / 1000) : n
}

const format = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

/** How far the zone's wall clock is ahead of UTC at `ms`. */
function offsetMs(ms: number): number {
  const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]))
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  )
  return wall - Math.floor(ms / 1000) * 1000
}
