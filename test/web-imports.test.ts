// The dashboard (web/src) runs in the browser and talks to the gateway through its public API
// only: from the server's code it may bundle pure modules (the domain, the event names) and
// nothing with I/O or a private way to the data.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const ROOT = join(import.meta.dirname, '..')
const WEB = join(ROOT, 'web', 'src')
const ALLOWED = [/^src\/domain\//, /^src\/events\/event-types\.js$/]
const PACKAGES = ['preact', 'preact/hooks']

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : []
  })
}

describe('web dashboard imports', () => {
  it('bundles only pure modules of the server and preact', () => {
    const wrong: string[] = []
    for (const file of files(WEB)) {
      const source = readFileSync(file, 'utf8')
      for (const m of source.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)) {
        const spec = m[1]!
        if (spec.startsWith('.')) {
          const target = relative(ROOT, resolve(dirname(file), spec))
          if (target.startsWith('web/src/') || ALLOWED.some((r) => r.test(target))) continue
          wrong.push(`${relative(ROOT, file)} → ${target}`)
        } else if (!PACKAGES.includes(spec)) {
          wrong.push(`${relative(ROOT, file)} → ${spec}`)
        }
      }
    }
    assert.deepEqual(wrong, [])
  })
})
