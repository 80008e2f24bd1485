import { startControlServer } from '../smsc-sim/control-server.js'
import type { ControlServer } from '../smsc-sim/control-server.js'
import { DLR_OUTCOMES, parseDlrMix } from '../smsc-sim/dlr-mix.js'
import { startSmscSim } from '../smsc-sim/smsc-sim.js'
import type { SimStats } from '../smsc-sim/smsc-sim.js'
import { action, optional, repeated, withDefault, type Command, type Values } from './command.js'
import { count, file, host, parsedBy, port, text } from './option-kinds.js'

const NOTES = `A standalone SMPP 3.4 SMSC: accepts binds with these credentials, answers submit_sm, sends
delivery receipts per the mix, prints its counters every few seconds and when stopped.
--control-port opens HTTP on the same host (0 = any free port, printed): POST /mo with JSON
{ from, to, text, encoding?: gsm7|ucs2, split?: udh|sar|none, via?: deliver_sm|data_sm,
system_id? } sends an MO to a bound receiver; GET /stats returns the counters.`

const OUTCOMES = Object.keys(DLR_OUTCOMES).join(', ')

const OPTIONS = {
  port: withDefault(port(), 'the SMPP port (0: any free port)', 2775),
  host: withDefault(host, 'the address to listen on', '127.0.0.1'),
  'system-id': withDefault(text('ID', 15, 'sim'), 'the system_id binds must give', 'sim'),
  password: withDefault(text('PASSWORD', 8, 'secret'), 'the password binds must give', 'secret'),
  'dlr-mix': optional(
    parsedBy(
      'MIX',
      `outcome=share pairs, separated by commas; outcomes: ${OUTCOMES}`,
      'delivered=0.9,expired=0.1',
      parseDlrMix,
    ),
    'the receipts sent (default: all delivered)',
  ),
  'dlr-delay-ms': withDefault(
    count('MS', 0, 86_400_000, '200'),
    'how long after submit_sm a receipt comes',
    200,
  ),
  'throttle-per-s': optional(
    count('N', 1, 1e9, '50'),
    'answer ESME_RTHROTTLED above this many submit_sm a second',
  ),
  'drop-every': optional(count('N', 1, 1e9, '100'), 'leave every Nth submit_sm unanswered'),
  'reject-prefix': repeated(text('DIGITS', 20, '4915'), 'refuse numbers starting so'),
  'stats-every-s': withDefault(count('S', 1, 86_400, '5'), 'how often the counters are printed', 5),
  'control-port': optional(port(), 'an HTTP control port on the same host (0: any free port)'),
  'tls-key': optional(file, 'serve SMPP over TLS with this private key (with --tls-cert)'),
  'tls-cert': optional(file, 'the certificate for --tls-key'),
}

export const smscSimCommand: Command = {
  name: 'smsc-sim',
  summary: 'run a standalone SMPP 3.4 SMSC simulator (test peer, sandbox)',
  action: action({
    summary: 'run an SMPP 3.4 SMSC simulator until SIGTERM or SIGINT',
    json: false,
    notes: NOTES,
    options: OPTIONS,
    check: (v) =>
      (v['tls-key'] === undefined) !== (v['tls-cert'] === undefined)
        ? '--tls-key and --tls-cert go together'
        : null,
    run: (v) => runSim(v),
  }),
}

async function runSim(values: Values<typeof OPTIONS>): Promise<number> {
  const mix = values['dlr-mix']
  const [key, cert] = [values['tls-key'], values['tls-cert']]
  const controlPort = values['control-port'] ?? null
  const statsEveryS = values['stats-every-s']
  const sim = await startSmscSim({
    host: values.host,
    port: values.port,
    systemId: values['system-id'],
    password: values.password,
    dlrDelayMs: values['dlr-delay-ms'],
    throttlePerS: values['throttle-per-s'] ?? null,
    dropEvery: values['drop-every'] ?? null,
    rejectPrefixes: values['reject-prefix'],
    keepMessages: false,
    ...(mix ? { dlrMix: mix } : {}),
    ...(key && cert ? { tls: { key, cert } } : {}),
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
