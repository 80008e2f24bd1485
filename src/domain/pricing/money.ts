// Money is an integer count of micro units (1/1,000,000 of the currency) everywhere but the API
// edge, so sums never drift. These two functions are that edge.

export const MICRO = 1_000_000

const DECIMAL = /^(-)?(\d{1,12})(?:\.(\d{1,6}))?$/

/** "0.056" | 0.056 → 56000; null when not a decimal with at most 6 fraction digits. */
export function toMicro(amount: string | number): number | null {
  const text = typeof amount === 'number' ? numberToPlain(amount) : amount.trim()
  if (text === null) return null
  const m = DECIMAL.exec(text)
  if (!m) return null
  const [, sign, whole, frac = ''] = m
  const micro = Number(whole) * MICRO + Number(frac.padEnd(6, '0'))
  return sign ? -micro : micro
}

/** 56000 → 0.056 (a JSON number, as the API shows prices). */
export function fromMicro(micro: number): number {
  return Math.round(micro) / MICRO
}

function numberToPlain(n: number): string | null {
  if (!Number.isFinite(n)) return null
  // Up to 6 fraction digits; toFixed avoids exponent notation for small values.
  const fixed = n.toFixed(6)
  return Number(fixed) === n ? fixed.replace(/\.?0+$/, '') || '0' : null
}
