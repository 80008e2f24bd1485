import { spawn } from 'node:child_process'
import { once } from 'node:events'
import type { SimStats } from '../../src/smsc-sim/smsc-sim.js'
import { BIN } from './cli.js'
import { http } from './http.js'

export type SmscProcess = {
  port: number
  /** The simulator's counters, read over its control port. */
  stats: () => Promise<SimStats>
  stop: () => Promise<void>
}

/**
 * `taube smsc-sim` in a process of its own (on a free port, with a control port), so that what
 * happens to a gateway process leaves the SMSC's counters alone.
 */
export async function startSmscProcess(args: string[] = []): Promise<SmscProcess> {
  const child = spawn(
    process.execPath,
    [BIN, 'smsc-sim', '--port', '0', '--control-port', '0', '--stats-every-s', '3600', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  const { port, control } = await new Promise<{ port: number; control: string }>(
    (resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        reject(new Error(`smsc-sim did not start:\n${out}`))
      }, 20_000)
      child.stdout.on('data', () => {
        const listening = /smsc-sim listening on \S+:(\d+)/.exec(out)
        const ctl = /control on (http:\/\/\S+)/.exec(out)
        if (listening && ctl) {
          clearTimeout(timer)
          resolve({ port: Number(listening[1]), control: ctl[1]! })
        }
      })
      child.once('exit', (code) => reject(new Error(`smsc-sim exited with ${code}:\n${out}`)))
    },
  )
  return {
    port,
    stats: async () => (await http<SimStats>(control, '/stats')).body,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  }
}
