import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'

export const BIN = join(import.meta.dirname, '../../bin/taube.js')

/**
 * Runs the built `taube` command to completion. With `timeoutMs`, a process still running then is
 * killed and the call fails with what it printed. `onSpawn` sees the process once started.
 */
export async function runTaube(
  args: string[],
  env: Record<string, string>,
  opts: { timeoutMs?: number; cwd?: string; onSpawn?: (child: ChildProcess) => void } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
  })
  opts.onSpawn?.(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    if (opts.timeoutMs === undefined) return
    timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(
        new Error(
          `taube ${args.join(' ')} still ran after ${opts.timeoutMs} ms:\n${stdout}${stderr}`,
        ),
      )
    }, opts.timeoutMs)
  })
  try {
    const [code] = (await Promise.race([once(child, 'exit'), late])) as [number]
    return { code, stdout, stderr }
  } finally {
    clearTimeout(timer)
  }
}

const STOP_TIMEOUT_MS = 90_000

export type RunningTaube = {
  child: ChildProcess
  url: string
  output: () => string
  stop: () => Promise<number>
}

/**
 * Starts `taube serve [--role role]` and waits until it prints its address; `bin` and `cwd` run
 * another copy of the command (an installed package) in a folder of its own.
 */
export async function startTaube(
  env: Record<string, string>,
  role?: string,
  opts: { bin?: string; cwd?: string } = {},
): Promise<RunningTaube> {
  const child = spawn(
    process.execPath,
    [opts.bin ?? BIN, 'serve', ...(role ? ['--role', role] : [])],
    {
      // Free SMPP and SMTP ports too: the defaults 2775 and 2525 are one per host.
      env: {
        ...process.env,
        TAUBE_PORT: '0',
        TAUBE_SMPP_PORT: '0',
        TAUBE_SMTP_PORT: '0',
        TAUBE_LOG_LEVEL: 'warn',
        ...env,
      },
      cwd: opts.cwd,
    },
  )
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`taube did not start:\n${out}`))
      // Two test files at a time on two cores, each with gateways and SMSC processes: a start
      // took 19.5 s once under such load.
    }, 60_000)
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out)
      // The banner is printed in one write; wait for its end.
      if (m && /\n\n/.test(out.slice(m.index))) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    }
    child.stdout!.on('data', check)
    child.once('exit', (code) => reject(new Error(`taube exited with ${code}:\n${out}`)))
  })
  return {
    child,
    url,
    output: () => out,
    // A gateway that does not stop fails its test with what it printed, instead of holding the
    // file until the runner's timeout (the delivery thread alone may take 60 s to drain).
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? 0
      child.kill('SIGTERM')
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL')
          reject(new Error(`taube did not stop within ${STOP_TIMEOUT_MS} ms:\n${out}`))
        }, STOP_TIMEOUT_MS)
      })
      try {
        const [code] = (await Promise.race([once(child, 'exit'), late])) as [number]
        return code
      } finally {
        clearTimeout(timer)
      }
    },
  }
}
