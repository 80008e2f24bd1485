// messaggisms.com's priority: 1.00 is the least and the default; a higher one costs more. The
// operator sets the surcharge per whole point of priority in percent (TAUBE_MESSAGGI_PRIORITY_SURCHARGE):
// with 100, priority 2.00 costs twice the price and 1.50 one and a half times. Priorities are
// held in hundredths (100 = 1.00) so that no float enters a price.

export const MIN_PRIORITY = 100
/** 99.99: the highest priority a message may have. */
export const MAX_PRIORITY = 9_999

/** The price of a message of `priority` (hundredths), rounded to the nearest micro unit. */
export function priorityPrice(
  priceMicro: number,
  priority: number,
  surchargePercent: number,
): number {
  const extra = BigInt(priority - MIN_PRIORITY) * BigInt(surchargePercent)
  if (extra <= 0n) return priceMicro
  // price × (1 + (priority − 100)/100 × surcharge/100), half up, in integers.
  const scaled = BigInt(priceMicro) * (10_000n + extra)
  return Number((scaled + 5_000n) / 10_000n)
}

/** "1.5" or 1.5 → 150; null unless a number from 1.00 to 99.99 with at most two decimals. */
export function priorityHundredths(v: number): number | null {
  if (!Number.isFinite(v)) return null
  const h = Math.round(v * 100)
  if (Math.abs(h - v * 100) > 1e-6) return null
  return h >= MIN_PRIORITY && h <= MAX_PRIORITY ? h : null
}
