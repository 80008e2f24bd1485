// Kannel 1.4.5 (Debian package kannel) as a real peer: bearerbox + smsbox on free loopback
// ports, with Taube as an HTTP SMSC of system-type kannel. Started per test, stopped by PID.
import { spawn, type ChildProcess } from 'node:child_process'
import {
  closeSync,
  existsSync,
  openSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureKannel } from './kannel-install.js'
import { waitFor } from './wait-for.js'
import { freePort } from './free-port.js'

export const BEARERBOX = '/usr/sbin/bearerbox'
export const SMSBOX = '/usr/sbin/smsbox'

export type Kannel = {
  /** smsbox's sendsms, with the application's credentials. */
  sendsms: (params: Record<string, string>) => Promise<{ status: number; text: string }>
  /** The HTTP SMSC's receive port: reports (mode B) and inbound SMS. */
  receivePort: number
  /** Lines of bearerbox's access log. */
  accessLog: () => string[]
  status: () => Promise<string>
  /** bearerbox's log, for failure messages. */
  log: () => string
  stop: () => Promise<void>
}

export async function startKannel(o: {
  sendUrl: string
  userId: string
  password: string
  /** Mode B: the smsc group's dlr-url (Kannel's own receive port), as spec §19.3 shows it. */
  modeB: boolean
  /** Where smsbox passes inbound SMS (%p from, %P to, %a text); no reply is sent. */
  moUrl: string
}): Promise<Kannel> {
  ensureKannel()
  const dir = mkdtempSync(join(tmpdir(), 'taube-kannel-'))
  const [admin, box, receive, sendsms] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ]
  const conf = join(dir, 'kannel.conf')
  writeFileSync(
    conf,
    `group = core
admin-port = ${admin}
admin-password = secret
status-password = secret
admin-interface = 127.0.0.1
admin-allow-ip = "127.0.0.1"
smsbox-port = ${box}
smsbox-interface = 127.0.0.1
box-allow-ip = "127.0.0.1"
log-file = "${dir}/bearerbox.log"
log-level = 0
access-log = "${dir}/access.log"
dlr-storage = internal

group = smsc
smsc = http
system-type = kannel
smsc-id = taube
allowed-smsc-id = taube
port = ${receive}
connect-allow-ip = "127.0.0.1"
send-url = "${o.sendUrl}"
smsc-username = "${o.userId}"
smsc-password = "${o.password}"
${o.modeB ? `dlr-url = "http://127.0.0.1:${receive}/?username=${o.userId}&password=${o.password}"` : ''}

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = ${box}
sendsms-port = ${sendsms}
sendsms-interface = 127.0.0.1
log-file = "${dir}/smsbox.log"
log-level = 0
access-log = "${dir}/smsbox-access.log"

group = sendsms-user
username = app
password = apppass
concatenation = true
max-messages = 5

group = sms-service
keyword = default
get-url = "${o.moUrl}"
max-messages = 0
`,
  )
  const children: ChildProcess[] = []
  const start = (bin: string) => {
    const out = openSync(join(dir, 'stdout.log'), 'a')
    const child = spawn(bin, [conf], { cwd: dir, stdio: ['ignore', out, out] })
    closeSync(out)
    children.push(child)
    return child
  }
  const log = () => read(join(dir, 'stdout.log')) + read(join(dir, 'bearerbox.log'))
  const status = async () => {
    const r = await fetch(`http://127.0.0.1:${admin}/status.txt?password=secret`)
    return r.text()
  }
  const stop = async () => {
    for (const child of children.reverse()) {
      if (child.exitCode !== null || child.pid === undefined) continue
      const exited = new Promise((resolve) => child.once('exit', resolve))
      process.kill(child.pid, 'SIGTERM')
      const timer = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    start(BEARERBOX)
    await waitFor('bearerbox', async () => (await status().catch(() => '')).includes('running'))
    start(SMSBOX)
    await waitFor('smsbox and the SMSC', async () => {
      const s = await status().catch(() => '')
      return /smsbox:/.test(s) && /taube\[taube\].*online/.test(s.replace(/\n/g, ' '))
    })
  } catch (e) {
    const text = log()
    await stop()
    throw new Error(`Kannel did not start: ${(e as Error).message}\n${text.slice(-3000)}`, {
      cause: e,
    })
  }
  return {
    receivePort: receive,
    async sendsms(params) {
      const q = new URLSearchParams({
        username: 'app',
        password: 'apppass',
        smsc: 'taube',
        ...params,
      })
      const r = await fetch(`http://127.0.0.1:${sendsms}/cgi-bin/sendsms?${q}`)
      return { status: r.status, text: await r.text() }
    },
    accessLog: () =>
      read(join(dir, 'access.log'))
        .split('\n')
        .filter((l) => l !== ''),
    status,
    log,
    stop,
  }
}

function read(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : ''
}
