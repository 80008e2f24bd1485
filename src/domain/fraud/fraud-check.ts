// Fraud checks (spec §13): the tariffs, the processing status and what each tariff shows.

/** Tariffs (spec §13.1): `economy` answers the score only; `pro` and `direct` every detail. */
export const FRAUD_SERVICE_CODES = ['economy', 'pro', 'direct'] as const
export type FraudServiceCode = (typeof FRAUD_SERVICE_CODES)[number]

/** status_code (G-40, the spec's recommendation): pending, done, failed. */
export const FRAUD_STATUS = { PENDING: 0, DONE: 100, FAILED: 5000 } as const
export type FraudStatus = (typeof FRAUD_STATUS)[keyof typeof FRAUD_STATUS]

/** Queue order: `direct` checks are claimed before every other waiting one (lower is sooner). */
export const FRAUD_PRIORITY = {
  direct: 0,
  pro: 1,
  economy: 1,
} as const satisfies Record<FraudServiceCode, number>

/**
 * The price-list service code of a tariff. Its own name, since `direct` and `economy` are SMS
 * service codes too: one price-list row must not price both an SMS and a fraud check.
 */
export const FRAUD_PRICE_CODES = {
  economy: 'fraud-check.economy',
  pro: 'fraud-check.pro',
  direct: 'fraud-check.direct',
} as const satisfies Record<FraudServiceCode, string>

export type FraudPriceCode = (typeof FRAUD_PRICE_CODES)[FraudServiceCode]

/** Whether the answer and the event carry the sub-results and the reasons. */
export function showsDetail(serviceCode: FraudServiceCode): boolean {
  return serviceCode !== 'economy'
}

export function isFraudServiceCode(s: string): s is FraudServiceCode {
  return (FRAUD_SERVICE_CODES as readonly string[]).includes(s)
}
