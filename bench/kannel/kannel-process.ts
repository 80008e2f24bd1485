import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  ensureKannel as ensureKannelInstalled,
  findKannelBinary,
} from '../../test/helpers/kannel-install.js'
import { killOnExit, removeOnExit } from '../leftovers.js'
import { KANNEL_PASSWORD, kannelConfig, type KannelConfigInput } from './kannel-config.js'
import { freePort } from '../../test/helpers/free-port.js'

// Kannel as the comparison runs it: Debian's package, bearerbox and smsbox in the foreground
// from a configuration in a fresh temp dir, stopped and removed after each run.

export type KannelGateway = {
  /** smsbox's sendsms interface, http://127.0.0.1:port */
  sendsmsUrl: string
  pids: { bearerbox: number; smsbox: number }
  stop: () => Promise<void>
}

/** The installed Kannel's version (installed first if missing); the benchmark wants 1.4.5. */
export function ensureKannel(): string {
  const version = ensureKannelInstalled()
  if (!version.startsWith('1.4.5')) console.warn(`Kannel ${version}, not 1.4.5: figures may differ`)
  return version
}

type Box = { child: ChildProcess; output: () => string }

function startBox(binary: string, config: string): Box {
  // -v 4: panics only on the console; nothing else is logged. BENCH_KANNEL_VERBOSE=1 shows
  // Kannel's info messages (in the error of a box that does not come up).
  const child = spawn(
    binary,
    [...(process.env.BENCH_KANNEL_VERBOSE ? ['-v', '1'] : ['-v', '4']), config],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  killOnExit(child)
  let out = ''
  const keep = (d: Buffer) => (out = (out + d.toString('utf8')).slice(-4000))
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  return { child, output: () => out }
}

async function stopBox(box: Box): Promise<void> {
  if (box.child.exitCode !== null || box.child.signalCode !== null) return
  const exited = once(box.child, 'exit')
  box.child.kill('SIGTERM')
  const timer = setTimeout(() => box.child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

/**
 * Starts bearerbox and smsbox; resolves once smsbox is connected and every SMPP bind is online
 * (read from bearerbox's /status.txt).
 */
export async function startKannel(
  opts: Omit<KannelConfigInput, 'ports' | 'dir'>,
): Promise<KannelGateway> {
  const bearerbox = findKannelBinary('bearerbox')
  const smsbox = findKannelBinary('smsbox')
  if (!bearerbox || !smsbox) throw new Error('Kannel is not installed')
  const dir = mkdtempSync(join(tmpdir(), 'taube-bench-kannel-'))
  const leftover = removeOnExit(dir)
  const ports = { admin: await freePort(), smsbox: await freePort(), sendsms: await freePort() }
  const config = join(dir, 'kannel.conf')
  writeFileSync(config, kannelConfig({ ...opts, ports, dir }))
  const boxes: Box[] = []
  const stop = async () => {
    // smsbox first, so that bearerbox does not wait for it to reconnect.
    for (const box of [...boxes].reverse()) await stopBox(box)
    rmSync(dir, { recursive: true, force: true })
    leftover.forget()
  }
  try {
    const bearer = startBox(bearerbox, config)
    boxes.push(bearer)
    await until(async () => (await status(ports.admin)) !== null, bearer, 'bearerbox')
    const sms = startBox(smsbox, config)
    boxes.push(sms)
    await until(
      async () => {
        const text = (await status(ports.admin)) ?? ''
        return /smsbox:/.test(text) && (text.match(/\(online /g) ?? []).length >= opts.binds
      },
      sms,
      'smsbox and the SMPP binds',
    )
    return {
      sendsmsUrl: `http://127.0.0.1:${ports.sendsms}`,
      pids: { bearerbox: bearer.child.pid!, smsbox: sms.child.pid! },
      stop,
    }
  } catch (err) {
    await stop()
    throw err
  }
}

async function status(adminPort: number): Promise<string | null> {
  try {
    const r = await fetch(`http://127.0.0.1:${adminPort}/status.txt?password=${KANNEL_PASSWORD}`)
    return r.ok ? await r.text() : null
  } catch {
    return null
  }
}

async function until(ready: () => Promise<boolean>, box: Box, what: string): Promise<void> {
  const deadline = Date.now() + 20_000
  while (!(await ready())) {
    if (box.child.exitCode !== null) throw new Error(`${what}: exited: ${box.output()}`)
    if (Date.now() > deadline) throw new Error(`${what}: not ready after 20 s: ${box.output()}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
