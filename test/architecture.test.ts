import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

// The layering of DESIGN.md, checked on every import: dependencies point down only.
const SRC = join(import.meta.dirname, '..', 'src')

const RULES: { layer: string; forbidden: RegExp; why: string }[] = [
  // Only sibling domain modules and libphonenumber-js (pure, no I/O); `../../` leaves the domain.
  { layer: 'domain', forbidden: /^(?!\.|libphonenumber-js)|^\.\.\/\.\.\//, why: 'the domain is pure' },
  { layer: 'store', forbidden: /\/(api|services|cli|app)\//, why: 'the store knows no use cases or surfaces' },
  { layer: 'services', forbidden: /\/(api|cli)\/|fastify/, why: 'services know no surface' },
  { layer: 'api', forbidden: /\/store\/|kysely|better-sqlite3/, why: 'surfaces call services, never the store' },
  { layer: 'events', forbidden: /\/(api|cli|services|delivery)\/|fastify/, why: 'events serve the layers above' },
  // The SMPP protocol as a library: the carrier connector, the simulator and the SMPP server for
  // customers import it; it imports only the domain and Node.
  {
    layer: 'smpp',
    forbidden: /\/(api|cli|app|services|store|events|delivery|smsc-sim)\/|fastify|kysely/,
    why: 'the SMPP library knows no gateway',
  },
  { layer: 'smsc-sim', forbidden: /\/(api|cli|app|services|store|events|delivery)\//, why: 'the simulator is a peer' },
]

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return files(path)
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : []
  })
}

function imports(path: string): string[] {
  const text = readFileSync(path, 'utf8')
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!)
}

describe('architecture', () => {
  for (const rule of RULES) {
    it(`${rule.layer}: ${rule.why}`, () => {
      const offences: string[] = []
      for (const file of files(join(SRC, rule.layer))) {
        for (const spec of imports(file)) {
          if (rule.forbidden.test(spec)) offences.push(`${relative(SRC, file)} imports ${spec}`)
        }
      }
      assert.deepEqual(offences, [])
    })
  }

  it('finds the imports it checks', () => {
    assert.ok(imports(join(SRC, 'api', 'server.ts')).includes('./errors.js'))
  })
})
