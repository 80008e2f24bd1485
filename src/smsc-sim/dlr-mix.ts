// The simulator's receipt outcomes: which state, with which `err:`, in what proportion.
import type { ReceiptState } from '../domain/dlr/receipt-state.js'

export const DLR_OUTCOMES = {
  delivered: { state: 'DELIVRD', err: '000' },
  expired: { state: 'EXPIRED', err: '027' },
  rejected: { state: 'REJECTD', err: '011' },
  undeliverable: { state: 'UNDELIV', err: '001' },
  accepted: { state: 'ACCEPTD', err: '000' },
  enroute: { state: 'ENROUTE', err: '000' },
} as const satisfies Record<string, { state: ReceiptState; err: string }>

export type DlrOutcomeName = keyof typeof DLR_OUTCOMES
export type DlrMix = Partial<Record<DlrOutcomeName, number>>

/** Cumulative weights, normalised; all delivered when the mix is empty or all zero. */
export function mixTable(mix: DlrMix | undefined): [DlrOutcomeName, number][] {
  const entries = Object.entries(mix ?? {}).filter(([, w]) => w !== undefined && w > 0) as [
    DlrOutcomeName,
    number,
  ][]
  const total = entries.reduce((sum, [, w]) => sum + w, 0)
  if (total === 0) return [['delivered', 1]]
  let acc = 0
  return entries.map(([name, w]) => [name, (acc += w / total)])
}

/** The outcome for a random number in [0, 1). */
export function pickOutcome(table: [DlrOutcomeName, number][], random: number): DlrOutcomeName {
  for (const [name, upTo] of table) if (random < upTo) return name
  return table[table.length - 1]![0]
}

/** `delivered=0.9,expired=0.05,rejected=0.05` → mix; throws on unknown names or bad numbers. */
export function parseDlrMix(text: string): DlrMix {
  const mix: DlrMix = {}
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name, value, ...rest] = item.split('=')
    const weight = Number(value)
    if (
      !name ||
      !(name in DLR_OUTCOMES) ||
      rest.length > 0 ||
      !Number.isFinite(weight) ||
      weight < 0
    ) {
      throw new Error(
        `bad --dlr-mix item "${item}" (use ${Object.keys(DLR_OUTCOMES).join('|')}=weight)`,
      )
    }
    mix[name as DlrOutcomeName] = weight
  }
  return mix
}
