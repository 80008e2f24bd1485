import { loadConfig } from '../config/load.js'
import { action, CliFailure, optional, type Command } from './command.js'
import type { Kind } from './option-kinds.js'
import { tableOutput } from './output.js'

const url: Kind<string> = {
  placeholder: 'URL',
  allowed: 'an http(s) URL of a running gateway',
  example: 'http://127.0.0.1:8080',
  parse: (t) => (/^https?:\/\/[^\s/]+\/?$/.test(t) ? t.replace(/\/$/, '') : undefined),
}

type Sample = { name: string; labels: Record<string, string>; value: number }

/** The samples of a Prometheus text exposition whose name starts with `prefix`. */
export function samples(text: string, prefix: string): Sample[] {
  const out: Sample[] = []
  for (const line of text.split('\n')) {
    if (!line.startsWith(prefix)) continue
    const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!m) continue
    const labels: Record<string, string> = {}
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!
    out.push({ name: m[1]!, labels, value: Number(m[3]) })
  }
  return out
}

/** Open binds per account and type, and what each bind carried, from the /metrics text. */
export function bindRows(text: string): Record<string, string | number>[] {
  const perBind = new Map<string, Record<string, string | number>>()
  for (const s of samples(text, 'taube_smpp_server_pdus_total')) {
    const key = s.labels.bind!
    const row = perBind.get(key) ?? {
      bind: Number(key),
      system_id: s.labels.system_id!,
      submit_ok: 0,
      submit_refused: 0,
      deliver_ok: 0,
      other: 0,
    }
    const ok = s.labels.status === 'ok'
    const col =
      s.labels.command === 'submit_sm'
        ? ok
          ? 'submit_ok'
          : 'submit_refused'
        : s.labels.command === 'deliver_sm' && ok
          ? 'deliver_ok'
          : 'other'
    row[col] = (row[col] as number) + s.value
    perBind.set(key, row)
  }
  return [...perBind.values()].sort((a, b) => (a.bind as number) - (b.bind as number))
}

export const smppCommand: Command = {
  name: 'smpp',
  summary: "the SMPP server for customers' ESMEs: binds",
  subcommands: {
    binds: action({
      summary: 'open binds by account and type, and what each bind carried, from a running gateway',
      options: {
        url: optional(url, 'the gateway (default: TAUBE_METRICS_LISTEN or TAUBE_HOST:TAUBE_PORT)'),
      },
      run: async (v) => {
        const config = loadConfig()
        const base =
          v.url ??
          `http://${config.metricsListen ?? `${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`}`
        let text: string
        try {
          const res = await fetch(`${base}/metrics`)
          if (!res.ok) throw new Error(`HTTP ${res.status}`)
          text = await res.text()
        } catch (err) {
          throw new CliFailure(`cannot read ${base}/metrics: ${(err as Error).message}`)
        }
        const open = samples(text, 'taube_smpp_server_binds').filter((s) => s.value > 0)
        const rows = open.map((s) => ({
          system_id: s.labels.system_id!,
          bind_type: s.labels.bind_type!,
          binds: s.value,
        }))
        const out = tableOutput(rows, undefined, '(no binds)')
        const counts = tableOutput(bindRows(text), undefined, '(no traffic)')
        return {
          json: { binds: rows, traffic: counts.json },
          text: `${out.text}\n\nPer bind since start:\n${counts.text}`,
        }
      },
    }),
  },
}
