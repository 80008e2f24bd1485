// Runs every *.test.ts under src/ and test/ with Node's test runner, TypeScript loaded by tsx.
// Node 20's runner does not expand globs itself, hence this file.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

function findTests(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...findTests(path))
    else if (name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

const only = process.argv.slice(2)
const files = only.length > 0 ? only : [...findTests('src'), ...findTests('test')].sort()
if (files.length === 0) {
  console.error('no test files found')
  process.exit(1)
}
const concurrency = process.env.TAUBE_TEST_CONCURRENCY ?? '2'
// The default for every test and for every file as a whole, so it must exceed the longest
// timeout a test declares (the 100,000-recipient bulk: 450 s), or the file is cut off first.
const timeoutMs = 480_000
// Files that load the whole machine (several gateway processes, 100,000 messages) run on their
// own after the rest: side by side they starve each other past their timeouts.
const ALONE = ['test/e2e/bulk-100k.test.ts', 'test/e2e/cluster-pg.test.ts']
const alone = files.filter((f) => ALONE.some((a) => f.endsWith(a)))
const together = files.filter((f) => !alone.includes(f))
let status = 0
for (const [group, n] of [[together, concurrency], [alone, '1']]) {
  if (group.length === 0) continue
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${n}`, `--test-timeout=${timeoutMs}`, ...group],
    { stdio: 'inherit' },
  )
  if (result.status !== 0) status = result.status ?? 1
}
process.exit(status)
