import { readdirSync, readFileSync } from 'node:fs'

// What a process under test has used, read from /proc: CPU time per process and per thread, and
// its peak resident memory. Any process will do, a Taube node or another gateway's.

export function percentile(sorted: number[], p: number): number {
  return sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/** A /proc stat file: the name in parentheses and the CPU time (user + system) in ms (ticks of 10 ms). */
function readStat(path: string): { name: string; ms: number } {
  const stat = readFileSync(path, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ')
  return {
    name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    ms: (Number(fields[11]) + Number(fields[12])) * 10,
  }
}

/** CPU time the process has used, in ms. */
export function cpuMs(pid: number): number {
  return readStat(`/proc/${pid}/stat`).ms
}

/** CPU time in ms of each thread of a process, by thread id, with the thread's name. */
export function threadCpuMs(pid: number): Map<string, { name: string; ms: number }> {
  const threads = new Map<string, { name: string; ms: number }>()
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const { name, ms } = readStat(`/proc/${pid}/task/${tid}/stat`)
      // Node names its worker threads as it names the process; the main thread's id is the pid.
      threads.set(tid, { name: tid === String(pid) ? `${name} (main)` : name, ms })
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return threads
}

/** The threads that used at least 1% of the process's CPU in the run, in µs per message. */
export function busyThreads(
  before: Map<string, { ms: number }>,
  after: Map<string, { name: string; ms: number }>,
  messages: number,
) {
  const used = [...after].map(([tid, t]) => ({
    name: t.name,
    ms: t.ms - (before.get(tid)?.ms ?? 0),
  }))
  const total = used.reduce((sum, t) => sum + t.ms, 0)
  return used
    .filter((t) => t.ms >= total / 100)
    .sort((a, b) => b.ms - a.ms)
    .map((t) => ({ thread: t.name, cpuMicrosPerMessage: Math.round((t.ms * 1000) / messages) }))
}

/** The most resident memory the process has had, in MiB. */
/** The resident set now (VmRSS), in MiB. */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Math.round(Number(m[1]) / 1024) : 0
}

export function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Math.round(Number(m[1]) / 1024) : 0
}
