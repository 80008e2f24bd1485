import type { ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'

// What a benchmark starts outside its own process (gateways, their temp dirs) goes when the
// benchmark ends, however it ends: an error, Ctrl-C or SIGTERM. A normal stop removes its own
// entries first; this is the net under it.

const children = new Set<ChildProcess>()
const dirs = new Set<string>()
let hooked = false

function hook(): void {
  if (hooked) return
  hooked = true
  process.once('exit', () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })
  // Without a handler a signal ends the process without 'exit'.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => process.exit(code))
  }
}

/** Kills the child (SIGKILL) if it still runs when this process exits. */
export function killOnExit(child: ChildProcess): void {
  hook()
  children.add(child)
  child.once('exit', () => children.delete(child))
}

/** Removes the directory when this process exits; `forget` once it is removed already. */
export function removeOnExit(dir: string): { forget: () => void } {
  hook()
  dirs.add(dir)
  return { forget: () => dirs.delete(dir) }
}
