import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { aptInstall } from '../test/helpers/apt-install.js'
import { killOnExit, removeOnExit } from './leftovers.js'

// wrk (Debian's package) as a load generator written in C: a Node client on the same two cores
// takes as much CPU as the gateway it measures, so HTTP figures near the machine's limit are
// taken with wrk. Installed with apt-get where it is missing, as the Kannel comparison is.

const WRK = '/usr/bin/wrk'

export function ensureWrk(): void {
  if (existsSync(WRK)) return
  aptInstall('wrk')
  if (!existsSync(WRK))
    throw new Error('wrk is missing and could not be installed: apt-get install wrk')
}

export type WrkResult = {
  requests: number
  requestsPerSecond: number
  /** Answers other than `expectStatus`, socket errors and timeouts. */
  failures: number
  latencyMs: { p50: number; p90: number; p99: number; max: number }
}

/**
 * Runs wrk against `url` with a Lua script (its `request` function builds each request) and
 * reads the counts and latency percentiles it prints. wrk's latency is from each request's
 * send on a connection with one request in flight, as a closed-loop client sees it.
 */
export async function runWrk(opts: {
  url: string
  connections: number
  threads: number
  seconds: number
  script: string
  expectStatus: number
}): Promise<WrkResult> {
  const dir = mkdtempSync(join(tmpdir(), 'taube-wrk-'))
  const leftover = removeOnExit(dir)
  try {
    const script = join(dir, 'load.lua')
    writeFileSync(script, `${opts.script}\n${statusCounter(opts.expectStatus)}`)
    const child = spawn(
      WRK,
      [
        `-t${opts.threads}`,
        `-c${opts.connections}`,
        `-d${opts.seconds}s`,
        '--latency',
        '-s',
        script,
        opts.url,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    killOnExit(child)
    let out = ''
    child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')))
    const [code] = (await once(child, 'exit')) as [number | null]
    if (code !== 0) throw new Error(`wrk exited with ${code}:\n${out}`)
    return parseWrk(out)
  } finally {
    rmSync(dir, { recursive: true, force: true })
    leftover.forget()
  }
}

// wrk's threads each run their own Lua state; `done` sees only the summary, so each thread
// counts answers of another status itself and the summary adds them up through a shared table.
function statusCounter(expect: number): string {
  return `
local threads = {}
function setup(thread) table.insert(threads, thread) end
local unexpected = 0
function response(status, headers, body)
  if status ~= ${expect} then unexpected = unexpected + 1 end
end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + (t:get("unexpected") or 0) end
  io.write(string.format("unexpected-status %d\\n", n))
end`
}

export function parseWrk(out: string): WrkResult {
  const number = (re: RegExp) => {
    const m = re.exec(out)
    if (!m) throw new Error(`wrk output without ${re}:\n${out}`)
    return Number(m[1])
  }
  const ms = (label: string) => {
    const m = new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(out)
    if (!m) throw new Error(`wrk output without ${label}:\n${out}`)
    const scale = m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1
    return Math.round(Number(m[1]) * scale * 1000) / 1000
  }
  const maxMatch = /^\s*Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)/m.exec(out)
  const max = maxMatch
    ? Number(maxMatch[1]) * (maxMatch[2] === 'us' ? 0.001 : maxMatch[2] === 's' ? 1000 : 1)
    : NaN
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
    out,
  )
  const errors = socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0
  return {
    requests: number(/(\d+) requests in/),
    requestsPerSecond: Math.round(number(/Requests\/sec:\s+([\d.]+)/)),
    failures: number(/unexpected-status (\d+)/) + errors,
    latencyMs: { p50: ms('50%'), p90: ms('90%'), p99: ms('99%'), max: Math.round(max * 100) / 100 },
  }
}
