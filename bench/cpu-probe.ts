// This machine's speed, for the record beside each run: a fixed pure-JS workload, timed. It
// varies up to 2× with the other work on the machine and the CPU's clock, so runs are only
// compared when the probes around them agree.

const PASSES = 5
const ROUNDS = 20_000_000

/**
 * The median of a few passes of the same integer work, in ms (lower is a faster machine). The
 * median, not the best: a core shared with other work is a slower machine for the gateway too.
 */
export function cpuProbeMs(): number {
  const passes: number[] = []
  let sink = 0
  for (let p = 0; p < PASSES; p++) {
    const start = performance.now()
    let x = 0x9e3779b9 ^ p
    for (let i = 0; i < ROUNDS; i++) {
      // xorshift32: no allocation, nothing the compiler can fold away.
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5
    }
    sink ^= x
    passes.push(performance.now() - start)
  }
  if (sink === 0.5) console.log(sink)
  passes.sort((a, b) => a - b)
  return Math.round(passes[PASSES >> 1]! * 10) / 10
}

/** How far apart the probes are: the largest over the smallest, minus one (0.1 = 10 %). */
export function probeSpread(probes: number[]): number {
  return Math.round((Math.max(...probes) / Math.min(...probes) - 1) * 1000) / 1000
}
