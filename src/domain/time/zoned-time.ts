// Times on the wall clock of an IANA time zone: Pushwoosh's `send_date` (`YYYY-MM-DD HH:mm`,
// seconds optional, in its `timezone`) and seven.io's `delay` (in Europe/Berlin). Pure: Intl only.

export type WallTime = { y: number; mo: number; d: number; h: number; mi: number; s: number }

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/

/** The parts of `YYYY-MM-DD HH:mm[:ss]`, or null when it is not that form or no real time. */
export function parseWallTime(text: string): WallTime | null {
  const m = WALL_TIME.exec(text)
  if (m === null) return null
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v))) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return null
  // 2026-02-30 is not a date: it would roll over into March.
  const check = new Date(Date.UTC(y, mo - 1, d))
  if (d < 1 || check.getUTCMonth() !== mo - 1) return null
  return { y, mo, d, h, mi, s }
}

const formats = new Map<string, Intl.DateTimeFormat>()

function formatFor(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formats.set(zone, f)
  }
  return f
}

/** Whether the runtime knows the IANA zone (`Europe/Berlin`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  if (zone === '' || zone.length > 64) return false
  try {
    formatFor(zone)
    return true
  } catch {
    return false
  }
}

/** The wall time in `zone` at the unix second. */
export function wallTimeAt(unixS: number, zone: string): WallTime {
  const parts = Object.fromEntries(
    formatFor(zone)
      .formatToParts(new Date(unixS * 1000))
      .map((p) => [p.type, p.value]),
  )
  return {
    y: Number(parts.year),
    mo: Number(parts.month),
    d: Number(parts.day),
    h: Number(parts.hour),
    mi: Number(parts.minute),
    s: Number(parts.second),
  }
}

function asUtcSeconds(w: WallTime): number {
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) / 1000
}

/**
 * The unix second at which the wall clock in `zone` shows `w`. In the hour a clock skips (spring
 * forward) that is the time an hour later; in the hour it repeats, the first of the two.
 */
export function unixAtWallTime(w: WallTime, zone: string): number {
  const wanted = asUtcSeconds(w)
  // The zone's offset at a guess, then at the corrected guess: two steps settle every zone.
  let guess = wanted
  for (let i = 0; i < 2; i++) guess = wanted - (asUtcSeconds(wallTimeAt(guess, zone)) - guess)
  const earlier = guess - 3600
  return asUtcSeconds(wallTimeAt(earlier, zone)) === wanted ? earlier : guess
}

/** `YYYY-MM-DD HH:mm:ss` of the wall time, as Pushwoosh writes times. */
export function formatWallTime(w: WallTime): string {
  const p = (n: number, len = 2) => String(n).padStart(len, '0')
  return `${p(w.y, 4)}-${p(w.mo)}-${p(w.d)} ${p(w.h)}:${p(w.mi)}:${p(w.s)}`
}
