// The shipped deployment files agree with each other, with the configuration and with
// docs/deploy.md: the paths the units use are the ones the doc creates, the data directory is
// the one writable path and holds the SQLite database, and the example environment file sets
// only variables Taube knows, with values it accepts.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { loadConfig } from '../src/config/load.js'
import { KNOWN_VARIABLES } from '../src/config/variables.js'

const ROOT = join(import.meta.dirname, '..')
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8')

type Unit = Map<string, string[]>

/** A unit file as `Section.Key` → its values, in order (a key may repeat). */
function parseUnit(text: string): Unit {
  const unit: Unit = new Map()
  let section = ''
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const header = /^\[(\w+)\]$/.exec(line)
    if (header) {
      section = header[1]!
      continue
    }
    const eq = line.indexOf('=')
    assert.ok(eq > 0, `not a setting: ${line}`)
    const key = `${section}.${line.slice(0, eq)}`
    unit.set(key, [...(unit.get(key) ?? []), line.slice(eq + 1)])
  }
  return unit
}

function one(unit: Unit, key: string): string {
  const values = unit.get(key) ?? []
  assert.equal(values.length, 1, `${key}: ${values.join(' | ')}`)
  return values[0]!
}

const within = (dir: string, path: string) => {
  const rel = relative(dir, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/** The example environment file: its settings, and the settings it shows commented out. */
function parseEnv(text: string): { active: Record<string, string>; commented: [string, string][] } {
  const active: Record<string, string> = {}
  const commented: [string, string][] = []
  for (const line of text.split('\n')) {
    const m = /^(#?)([A-Z][A-Z0-9_]*)=(.*)$/.exec(line)
    if (!m) continue
    if (m[1] === '#') commented.push([m[2]!, m[3]!])
    else active[m[2]!] = m[3]!
  }
  return { active, commented }
}

const service = parseUnit(read('deploy/taube.service'))
const roles = parseUnit(read('deploy/taube@.service'))
const env = parseEnv(read('deploy/taube.env.example'))
const doc = read('docs/deploy.md')

function sqlitePath(url: string, cwd: string): string {
  assert.match(url, /^sqlite:/)
  return resolve(cwd, url.slice('sqlite:'.length))
}

describe('deploy/taube.service', () => {
  const writable = (service.get('Service.ReadWritePaths') ?? []).flatMap((v) => v.split(/\s+/))
  const cwd = one(service, 'Service.WorkingDirectory')

  it('makes the data directory the one writable path, and runs in it', () => {
    assert.equal(one(service, 'Service.ProtectSystem'), 'strict')
    assert.deepEqual(writable, ['/var/lib/taube'])
    assert.ok(within(writable[0]!, cwd), cwd)
    // systemd makes /var/lib/taube for the user, should it be missing.
    assert.equal(one(service, 'Service.StateDirectory'), 'taube')
  })

  it('has the SQLite database, the default and the example one, in the writable directory', () => {
    const defaultUrl = loadConfig({}).databaseUrl
    assert.ok(within(writable[0]!, sqlitePath(defaultUrl, cwd)), defaultUrl)
    const exampleUrl = env.active.TAUBE_DATABASE_URL!
    assert.ok(within(writable[0]!, sqlitePath(exampleUrl, cwd)), exampleUrl)
  })

  it('runs the installed package as the taube user, with the configuration file', () => {
    assert.equal(one(service, 'Service.User'), 'taube')
    assert.equal(one(service, 'Service.EnvironmentFile'), '/etc/taube/taube.env')
    assert.equal(
      one(service, 'Service.ExecStart'),
      '/usr/bin/node --v8-pool-size=0 /opt/taube/bin/taube.js serve',
    )
  })

  it('stops by SIGTERM with time to drain', () => {
    assert.equal(one(service, 'Service.KillSignal'), 'SIGTERM')
    assert.ok(Number(one(service, 'Service.TimeoutStopSec')) >= 90)
  })
})

describe('deploy/taube@.service', () => {
  it('is taube.service with one role per instance', () => {
    assert.equal(one(roles, 'Service.ExecStart'), `${one(service, 'Service.ExecStart')} --role %i`)
    const differ = ['Unit.Description', 'Service.ExecStart']
    const rest = (u: Unit) => [...u].filter(([k]) => !differ.includes(k))
    assert.deepEqual(rest(roles), rest(service))
  })
})

describe('deploy/taube.env.example', () => {
  const assignments = [...Object.entries(env.active), ...env.commented]

  it('names only variables Taube knows (and NODE_OPTIONS)', () => {
    assert.ok(assignments.length > 0)
    for (const [name] of assignments) {
      const known = KNOWN_VARIABLES.has(name) || name === 'NODE_OPTIONS'
      assert.ok(known, `${name} is not a Taube variable`)
    }
  })

  it('is accepted as it is, and with each commented-out setting turned on', () => {
    assert.doesNotThrow(() => loadConfig(env.active))
    for (const [name, value] of env.commented) {
      assert.doesNotThrow(() => loadConfig({ ...env.active, [name]: value }), `${name}=${value}`)
    }
  })

  it('names the role and database the doc creates in its PostgreSQL URL', () => {
    const pg = env.commented.find(
      ([n, v]) => n === 'TAUBE_DATABASE_URL' && v.startsWith('postgres'),
    )
    assert.ok(pg, 'a PostgreSQL example')
    const url = new URL(pg[1])
    assert.equal(url.username, 'taube')
    assert.equal(url.pathname, '/taube')
    assert.match(doc, /CREATE ROLE taube LOGIN PASSWORD/)
    assert.match(doc, /CREATE DATABASE taube OWNER taube/)
  })
})

describe('docs/deploy.md', () => {
  it('shows the shipped unit as it is', () => {
    const unit = '```ini\n' + read('deploy/taube.service') + '```'
    assert.ok(doc.includes(unit), 'deploy/taube.service verbatim')
  })

  it('creates the user and the directories the units use', () => {
    assert.match(doc, /useradd --system [^\n]*taube\n/)
    for (const dir of ['/opt/taube', '/etc/taube', '/var/lib/taube']) {
      assert.ok(doc.includes(dir), dir)
    }
    assert.ok(doc.includes('ReadWritePaths=/var/lib/taube'))
  })

  it('installs without dev dependencies, from the tarball and from a checkout', () => {
    assert.ok(doc.includes('npm pack'))
    assert.ok(doc.includes('npm ci --omit=dev'))
    assert.ok(doc.includes('npm prune --omit=dev'))
  })
})

describe('the package', () => {
  type Package = { license: string; files: string[]; bin: Record<string, string> }
  const pkg = JSON.parse(read('package.json')) as Package

  it('ships the built code, the deployment files and the licence it names', () => {
    for (const f of ['bin/', 'dist/', 'deploy/', 'scripts/prepare.js', 'npm-shrinkwrap.json']) {
      assert.ok(pkg.files.includes(f), f)
    }
    assert.equal(pkg.bin.taube, 'bin/taube.js')
    assert.equal(pkg.license, 'Apache-2.0')
    assert.match(read('LICENSE'), /Apache License\s+Version 2\.0, January 2004/)
  })
})
