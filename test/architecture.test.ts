import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

// The layering of DESIGN.md, checked on every import: dependencies point down only. A rule is
// tested against the import as the room it reaches: a relative import resolved to its path under
// src/ ('/store/db.js'), a package by its name ('fastify', 'node:fs').
const SRC = join(import.meta.dirname, '..', 'src')

const RULES: { layer: string; forbidden: RegExp; why: string }[] = [
  // Only other domain modules, libphonenumber-js and ipaddr.js (pure, no I/O).
  {
    layer: 'domain',
    forbidden: /^(?!\/domain\/|libphonenumber-js|ipaddr\.js$)/,
    why: 'the domain is pure',
  },
  { layer: 'shared', forbidden: /^\/(?!shared\/)/, why: 'clock and ids stand alone' },
  {
    layer: 'store',
    forbidden: /^\/(api|services|cli|app|delivery|events)\//,
    why: 'the store knows no use cases or surfaces',
  },
  // The SMPP protocol as a library: the carrier connector, the simulator and the SMPP server for
  // customers import it; it imports only the domain and Node.
  {
    layer: 'smpp',
    forbidden: /^\/(?!smpp\/|domain\/)|^(fastify|kysely|smpp)$/,
    why: 'the SMPP library knows no gateway',
  },
  {
    layer: 'smsc-sim',
    forbidden: /^\/(?!smsc-sim\/|smpp\/|domain\/)/,
    why: 'the simulator is a peer',
  },
  // The SMPP server for customers: a front door like the HTTP API, on the SMPP library; it calls
  // the services, never the store, the engines or the carrier connector's SMPP client.
  {
    layer: 'smpp-server',
    forbidden:
      /^\/(?!smpp-server\/|smpp\/|services\/|domain\/|shared\/|errors\/)|^(fastify|kysely)$/,
    why: 'the SMPP server calls the services through the SMPP library',
  },
  {
    layer: 'events',
    forbidden: /^\/(api|cli|app|services|delivery)\/|^fastify$/,
    why: 'events serve the layers above',
  },
  {
    layer: 'delivery',
    forbidden: /^\/(api|cli|app)\/|^fastify$/,
    why: 'the delivery engine is started from above',
  },
  { layer: 'services', forbidden: /^\/(api|cli|app)\/|^fastify$/, why: 'services know no surface' },
  {
    layer: 'api',
    forbidden: /^\/store\/|^(kysely|better-sqlite3|pg)$/,
    why: 'surfaces call services, never the store',
  },
  // The server is given what it needs when it is built (server-context.ts), never the context.
  { layer: 'api', forbidden: /^\/(app|cli)\//, why: 'surfaces sit below the composition root' },
  // A provider's facade translates and calls the services; it never reaches the engines.
  {
    layer: 'api/lox24',
    forbidden: /^\/(store|delivery|events|smpp)\//,
    why: 'a facade only translates',
  },
  {
    layer: 'api/kannel',
    forbidden: /^\/(store|delivery|events|smpp)\//,
    why: 'a facade only translates',
  },
  {
    layer: 'api/admin',
    forbidden: /^\/(store|delivery|events|smpp)\//,
    why: 'a facade only translates',
  },
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
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map(
    (m) => m[1]!,
  )
}

/** The room an import reaches: '/store/db.js' for a relative one, the name for a package. */
function reached(file: string, spec: string): string {
  return spec.startsWith('.') ? `/${relative(SRC, resolve(dirname(file), spec))}` : spec
}

describe('architecture', () => {
  for (const rule of RULES) {
    it(`${rule.layer}: ${rule.why}`, () => {
      const offences: string[] = []
      for (const file of files(join(SRC, rule.layer))) {
        for (const spec of imports(file)) {
          if (rule.forbidden.test(reached(file, spec)))
            offences.push(`${relative(SRC, file)} imports ${spec}`)
        }
      }
      assert.deepEqual(offences, [])
    })
  }

  it('app/ and cli/ sit on top: nothing below imports them', () => {
    const offences: string[] = []
    for (const layer of [
      'domain',
      'store',
      'smpp',
      'smsc-sim',
      'smpp-server',
      'events',
      'delivery',
      'services',
      'shared',
      'api',
    ]) {
      for (const file of files(join(SRC, layer))) {
        for (const spec of imports(file)) {
          if (/^\/(app|cli)\//.test(reached(file, spec)))
            offences.push(`${relative(SRC, file)} imports ${spec}`)
        }
      }
    }
    assert.deepEqual(offences, [])
  })

  it('finds the imports it checks', () => {
    const server = join(SRC, 'api', 'server.ts')
    assert.ok(imports(server).includes('./errors.js'))
    assert.equal(reached(server, './errors.js'), '/api/errors.js')
  })
})
