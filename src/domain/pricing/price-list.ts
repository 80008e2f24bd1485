// Which price-list row prices a message: the most specific wins (spec G-24, decisions.md).

export type PriceCandidate = {
  account_id: number
  service_code: string
  iso2: string
  price_micro: number
}

/**
 * Ranks by: the account's own list over the default list, then an exact country over '*',
 * then an exact service over '*'. Returns the unit price per SMS part, or null if none applies.
 */
export function pickUnitPrice(
  candidates: readonly PriceCandidate[],
  accountId: number,
  serviceCode: string,
  iso2: string | null,
): number | null {
  let best: PriceCandidate | null = null
  let bestScore = -1
  for (const c of candidates) {
    if (c.service_code !== serviceCode && c.service_code !== '*') continue
    if (c.iso2 !== '*' && c.iso2 !== iso2) continue
    const score =
      (c.account_id === accountId ? 4 : 0) +
      (c.iso2 !== '*' ? 2 : 0) +
      (c.service_code !== '*' ? 1 : 0)
    if (score > bestScore) {
      best = c
      bestScore = score
    }
  }
  return best === null ? null : Number(best.price_micro)
}

export function messagePrice(unitPriceMicro: number, parts: number): number {
  return unitPriceMicro * parts
}
