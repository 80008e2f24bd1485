import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { startControlServer } from '../smsc-sim/control-server.js'
import type { ControlServer } from '../smsc-sim/control-server.js'
import { parseDlrMix } from '../smsc-sim/dlr-mix.js'
import type { DlrMix } from '../smsc-sim/dlr-mix.js'
import { startSmscSim } from '../smsc-sim/smsc-sim.js'
import type { SimStats } from '../smsc-sim/smsc-sim.js'

const USAGE = `usage: taube smsc-sim --port N [--host 127.0.0.1] [--system-id sim] [--password secret]
                      [--dlr-mix delivered=0.9,expired=0.05,rejected=0.05] [--dlr-delay-ms 200]
                      [--throttle-per-s N] [--drop-every N] [--reject-prefix DIGITS …]
                      [--stats-every-s 5] [--control-port N]
                      [--tls-key key.pem --tls-cert cert.pem]
A standalone SMPP 3.4 SMSC: accepts binds with these credentials, answers submit_sm, sends
delivery receipts per the mix, prints its counters every few seconds and when stopped.
--control-port opens HTTP on the same host (0 = any free port, printed): POST /mo with JSON
{ from, to, text, encoding?: gsm7|ucs2, split?: udh|sar|none, via?: deliver_sm|data_sm,
system_id? } sends an MO to a bound receiver; GET /stats returns the counters.
dlr-mix outcomes: delivered expired rejected undeliverable accepted enroute`

export async function smscSimCommand(args: string[]): Promise<number> {
  let values
  let mix: DlrMix | undefined
  try {
    values = parseArgs({
      args,
      options: {
        port: { type: 'string', default: '2775' },
        host: { type: 'string', default: '127.0.0.1' },
        'system-id': { type: 'string', default: 'sim' },
        password: { type: 'string', default: 'secret' },
        'dlr-mix': { type: 'string' },
        'dlr-delay-ms': { type: 'string', default: '200' },
        'throttle-per-s': { type: 'string' },
        'drop-every': { type: 'string' },
        'reject-prefix': { type: 'string', multiple: true },
        'stats-every-s': { type: 'string', default: '5' },
        'control-port': { type: 'string' },
        'tls-key': { type: 'string' },
        'tls-cert': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
    if (values.help) {
      console.log(USAGE)
      return 0
    }
    mix = values['dlr-mix'] === undefined ? undefined : parseDlrMix(values['dlr-mix'])
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`)
    return 2
  }
  const port = count(values.port, 0, 65535)
  const dlrDelayMs = count(values['dlr-delay-ms'], 0, 86_400_000)
  const throttlePerS =
    values['throttle-per-s'] === undefined ? null : count(values['throttle-per-s'], 1, 1e9)
  const dropEvery = values['drop-every'] === undefined ? null : count(values['drop-every'], 1, 1e9)
  const statsEveryS = count(values['stats-every-s'], 1, 86_400)
  const controlPort =
    values['control-port'] === undefined ? null : count(values['control-port'], 0, 65535)
  const [key, cert] = [values['tls-key'], values['tls-cert']]
  if (
    [port, dlrDelayMs, throttlePerS, dropEvery, statsEveryS, controlPort].includes(NaN) ||
    (key === undefined) !== (cert === undefined)
  ) {
    console.error(USAGE)
    return 2
  }

  const sim = await startSmscSim({
    host: values.host,
    port,
    systemId: values['system-id'],
    password: values.password,
    dlrDelayMs,
    throttlePerS,
    dropEvery,
    rejectPrefixes: values['reject-prefix'] ?? [],
    keepMessages: false,
    ...(mix ? { dlrMix: mix } : {}),
    ...(key && cert ? { tls: { key: readFileSync(key), cert: readFileSync(cert) } } : {}),
  })
  console.log(
    `smsc-sim listening on ${sim.host}:${sim.port} (system_id ${values['system-id']}${key ? ', TLS' : ''})`,
  )
  let control: ControlServer | null = null
  if (controlPort !== null) {
    try {
      control = await startControlServer(sim, { host: sim.host, port: controlPort })
    } catch (err) {
      await sim.close()
      console.error(`control port: ${(err as Error).message}`)
      return 1
    }
    const host = sim.host.includes(':') ? `[${sim.host}]` : sim.host
    console.log(`control on http://${host}:${control.port}`)
  }
  const timer = setInterval(() => console.log(counters(sim.stats())), statsEveryS * 1000)
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve)
    process.once('SIGINT', resolve)
  })
  clearInterval(timer)
  await control?.close()
  await sim.close()
  console.log(`${counters(sim.stats())} (stopped)`)
  return 0
}

function count(text: string | undefined, min: number, max: number): number {
  const n = Number(text)
  return Number.isInteger(n) && n >= min && n <= max ? n : NaN
}

function counters(s: SimStats): string {
  return [
    `binds=${s.binds}`,
    `sessions=${s.openSessions}`,
    `submit_sm=${s.submitSm}`,
    `parts=${s.parts}`,
    `messages=${s.messages}`,
    `throttled=${s.throttled}`,
    `dropped=${s.dropped}`,
    `receipts=${s.receiptsSent}`,
    `receipt_retries=${s.receiptRetries}`,
    `mo=${s.mosSent}`,
  ].join(' ')
}
