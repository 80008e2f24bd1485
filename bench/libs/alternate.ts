import { readFileSync } from 'node:fs'

// Runs two implementations of the same work in alternating rounds (the order swapped each round,
// so neither always runs in the other's wake) and reports each one's median and spread. The
// machine is shared: single runs vary by a factor of two, medians of alternating runs much less.

export type Figures = { median: number; min: number; max: number; runs: number[] }

export type Comparison = { unit: string; rounds: number; handWritten: Figures; library: Figures }

/** Each function does one measured pass and returns its figure in `unit`. */
export function alternate(
  unit: string,
  rounds: number,
  handWritten: () => number,
  library: () => number,
): Comparison {
  // One warm-up pass each, so both are compiled before the first measured round.
  handWritten()
  library()
  const ours: number[] = []
  const theirs: number[] = []
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      ours.push(handWritten())
      theirs.push(library())
    } else {
      theirs.push(library())
      ours.push(handWritten())
    }
  }
  return { unit, rounds, handWritten: figures(ours), library: figures(theirs) }
}

/** How many times `a` is `b`, to one decimal. */
export function ratio(a: number, b: number): number {
  return round(a / b, 1)
}

/** The installed version of a package, for the record. */
export function packageVersion(name: string): string {
  const path = new URL(`../../node_modules/${name}/package.json`, import.meta.url)
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version
}

/** Per second, from a count and the milliseconds it took. */
export function perSecond(count: number, ms: number): number {
  return Math.round(count / (ms / 1000))
}

function figures(values: number[]): Figures {
  const sorted = [...values].sort((x, y) => x - y)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return {
    median: round(median, 1),
    min: round(sorted[0]!, 1),
    max: round(sorted.at(-1)!, 1),
    runs: values.map((v) => round(v, 1)),
  }
}

function round(x: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}
