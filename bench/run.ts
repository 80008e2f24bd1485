import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import {
  benchEndToEnd,
  benchEndToEndMillion,
  benchEndToEndPostgres,
  benchEndToEndWebhook,
} from './end-to-end.js'
import { benchEvents } from './events.js'
import { benchBulk } from './bulk.js'
import { benchPostSms } from './post-sms.js'
import { benchKannelHttp } from './kannel-http.js'
import { benchSmppServer } from './smpp-server.js'
import { benchWebhookFairness } from './webhook-fairness.js'
import { benchVsKannel } from './vs-kannel.js'
import { benchDashboard } from './dashboard.js'
import { benchSmtp } from './smtp.js'
import { benchRedirects } from './redirects.js'
import { benchFraud } from './fraud.js'
import { benchLibsCsv } from './libs/csv.js'
import { benchLibsIp } from './libs/ip.js'
import { benchLibsSigning } from './libs/signing.js'

// `npm run bench [-- name…]`: runs the benchmarks, prints their figures and writes each to
// bench/results/<name>.json. BENCH_SECONDS shortens runs for a quick look.
const BENCHES: Record<string, (seconds: number) => Promise<{ name: string }>> = {
  'post-sms': benchPostSms,
  'end-to-end': () => benchEndToEnd(),
  'end-to-end-webhook': () => benchEndToEndWebhook(),
  'end-to-end-1m': () => benchEndToEndMillion(),
  // The same with the heap bounded as docs/deploy.md advises.
  'end-to-end-1m-heap256': () => benchEndToEndMillion(256),
  'end-to-end-pg': () => benchEndToEndPostgres(),
  events: () => benchEvents(),
  bulk: () => benchBulk(),
  'webhook-fairness': () => benchWebhookFairness(),
  // Side by side with Kannel 1.4.5, installed from Debian if missing; a callback per message.
  'vs-kannel': () => benchVsKannel('delivery'),
  'vs-kannel-all': () => benchVsKannel('all'),

  'smpp-server': () => benchSmppServer(),
  'kannel-http': benchKannelHttp,
  // Email-to-SMS: mails accepted per second, each into an SMS.
  smtp: benchSmtp,
  // Short links: GET /l/{code} with the clicks written behind.
  redirects: benchRedirects,
  // Fraud checks scored per second by one worker, every lookup included.
  fraud: () => benchFraud(),
  // The web dashboard's first paint in Debian's chromium.
  dashboard: () => benchDashboard(),
  // Hand-written modules against the libraries that do the same (docs/decisions.md).
  'libs-csv': () => benchLibsCsv(),
  'libs-ip': () => benchLibsIp(),
  'libs-signing': () => benchLibsSigning(),
}

const seconds = Number(process.env.BENCH_SECONDS ?? 20)
const wanted = process.argv.slice(2)
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES)
const machine = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
}
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true })
// Figures belong to a Node the gateway supports (package.json engines): Node 20's V8 took 60 %
// more CPU per message through the SMPP server than Node 24's.
if (Number(process.versions.node.split('.')[0]) < 22) {
  console.warn(`warning: Node ${process.version} is older than the gateway supports (22 or newer)`)
}

for (const name of names) {
  const run = BENCHES[name]
  if (!run) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(BENCHES).join(', ')}`)
    process.exit(2)
  }
  console.log(`running ${name} (${seconds} s per phase)…`)
  const result = { ...(await run(seconds)), machine, at: new Date().toISOString() }
  // Named by the result: a variant of a benchmark (vs-kannel-warm) keeps its own file.
  writeFileSync(
    join(import.meta.dirname, 'results', `${result.name}.json`),
    `${JSON.stringify(result, null, 2)}\n`,
  )
  console.log(JSON.stringify(result, null, 2))
}
