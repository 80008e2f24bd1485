// Secrets in a connector's config (an SMPP password, an HTTP carrier's tokens) are written once
// and never shown again: views carry a hint in their place, and an update that sends the hint
// back (or leaves a required secret out) keeps the stored value.

import { connectorKind } from '../../delivery/connectors/kinds.js'

type Config = Record<string, unknown>
type Path = readonly string[]

/** Names of HTTP parameters and headers whose values count as secrets. */
const SECRET_NAME = /auth|token|key|secret|pass|pwd|sig|cookie|credential/i

/** A template value that is only a placeholder ({to}, {text}…) holds nothing secret. */
const PLACEHOLDER_ONLY = /^\{\w+\}$/

const MASK = '••••'

/** Every secret field of a config of this kind, by path. */
function secretPaths(kind: string, config: Config): Path[] {
  const secrets = connectorKind(kind)?.secrets
  const paths: Path[] = [...(secrets?.required ?? [])]
  for (const group of secrets?.namedIn ?? []) {
    const entries = config[group]
    if (typeof entries !== 'object' || entries === null) continue
    for (const name of Object.keys(entries)) if (SECRET_NAME.test(name)) paths.push([group, name])
  }
  return paths
}

function hasSecretUrl(kind: string): boolean {
  return connectorKind(kind)?.secrets.url === true
}

/** What is shown instead of a secret: its last 4 characters if it is long enough to spare them. */
export function secretHint(value: string): string {
  if (value === '' || PLACEHOLDER_ONLY.test(value)) return value
  return value.length >= 16 ? `${MASK}${value.slice(-4)}` : MASK
}

/** A URL template with the password of its user part and its secret query values hidden. */
function urlHint(url: string): string {
  return url
    .replace(
      /^([a-z]+:\/\/[^/@:]*:)([^/@]*)@/i,
      (_, head: string, pass: string) => `${head}${secretHint(pass)}@`,
    )
    .replace(/([?&])([^=&#]+)=([^&#]*)/g, (whole, sep: string, name: string, value: string) =>
      SECRET_NAME.test(name) ? `${sep}${name}=${secretHint(value)}` : whole,
    )
}

function get(config: Config, path: Path): unknown {
  let v: unknown = config
  for (const key of path) v = typeof v === 'object' && v !== null ? (v as Config)[key] : undefined
  return v
}

function set(config: Config, path: Path, value: unknown): void {
  let o = config
  for (const key of path.slice(0, -1)) o = o[key] as Config
  o[path.at(-1)!] = value
}

/** The config as it may be shown: every secret replaced by its hint. */
export function maskSecrets(kind: string, config: Config): Config {
  const out = structuredClone(config)
  for (const path of secretPaths(kind, out)) {
    const v = get(out, path)
    if (typeof v === 'string') set(out, path, secretHint(v))
  }
  if (hasSecretUrl(kind) && typeof out.url === 'string') out.url = urlHint(out.url)
  return out
}

/**
 * The config of an update with the stored secrets put back where the update sent their hint,
 * or left a required secret out. A secret header or parameter that the update leaves out stays
 * removed: leaving it out is how it is removed.
 */
export function keepStoredSecrets(kind: string, next: Config, stored: Config): Config {
  const out = structuredClone(next)
  const required = new Set((connectorKind(kind)?.secrets.required ?? []).map((p) => p.join('.')))
  for (const path of secretPaths(kind, stored)) {
    const old = get(stored, path)
    if (typeof old !== 'string') continue
    const given = get(out, path)
    const parentExists = path.length === 1 || typeof get(out, path.slice(0, -1)) === 'object'
    const leftOut = given === undefined && required.has(path.join('.')) && parentExists
    if (given === secretHint(old) || leftOut) {
      set(out, path, old)
    }
  }
  if (hasSecretUrl(kind) && typeof stored.url === 'string' && out.url === urlHint(stored.url)) {
    out.url = stored.url
  }
  return out
}
