// Delivery receipt states as SMPP 3.4 names them (appendix B, `stat:`), and their message_state
// TLV numbers (§5.2.28). The connector contract (delivery/connectors/connector.ts) re-exports them.

export const RECEIPT_STATES = [
  'DELIVRD',
  'EXPIRED',
  'DELETED',
  'UNDELIV',
  'ACCEPTD',
  'UNKNOWN',
  'REJECTD',
  'ENROUTE',
] as const
export type ReceiptState = (typeof RECEIPT_STATES)[number]

/** message_state TLV (0x0427) value of each state. */
export const MESSAGE_STATE_NUMBERS = {
  ENROUTE: 1,
  DELIVRD: 2,
  EXPIRED: 3,
  DELETED: 4,
  UNDELIV: 5,
  ACCEPTD: 6,
  UNKNOWN: 7,
  REJECTD: 8,
} as const satisfies Record<ReceiptState, number>

const STATE_BY_NUMBER: ReadonlyMap<number, ReceiptState> = new Map(
  RECEIPT_STATES.map((s) => [MESSAGE_STATE_NUMBERS[s], s] as const),
)

/** The state of a message_state TLV value; null for 0 (SCHEDULED), 9 (SKIPPED) or unknown values. */
export function receiptStateFromNumber(value: number): ReceiptState | null {
  return STATE_BY_NUMBER.get(value) ?? null
}

/** Long or odd spellings some SMSCs put in `stat:`, mapped to the SMPP 3.4 names. */
const STAT_ALIASES: Readonly<Record<string, ReceiptState>> = {
  DELIVERED: 'DELIVRD',
  DELIVER: 'DELIVRD',
  DELIVRED: 'DELIVRD',
  EXPIRE: 'EXPIRED',
  EXPIRD: 'EXPIRED',
  DELETE: 'DELETED',
  UNDELIVERABLE: 'UNDELIV',
  UNDELIVERED: 'UNDELIV',
  UNDELIVRD: 'UNDELIV',
  ACCEPTED: 'ACCEPTD',
  ACCEPT: 'ACCEPTD',
  REJECTED: 'REJECTD',
  REJECT: 'REJECTD',
  UNKOWN: 'UNKNOWN',
  EN_ROUTE: 'ENROUTE',
  BUFFERED: 'ENROUTE',
}

const STATES: ReadonlySet<string> = new Set(RECEIPT_STATES)

/** `stat:` value → state, case-insensitive; null when it names no known state. */
export function receiptStateFromStat(stat: string): ReceiptState | null {
  const key = stat
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_')
  if (STATES.has(key)) return key as ReceiptState
  return STAT_ALIASES[key] ?? null
}
