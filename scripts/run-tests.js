// Runs every *.test.ts under src/ and test/ with Node's test runner, TypeScript loaded by tsx.
// Node 20's runner does not expand globs itself, hence this file.
import { spawn } from 'node:child_process'
import { appendFileSync, readdirSync, statSync } from 'node:fs'
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
const failures = []
for (const [group, n] of [[together, concurrency], [alone, '1']]) {
  if (group.length === 0) continue
  const code = await runGroup(
    ['--import', 'tsx', '--test', `--test-concurrency=${n}`, `--test-timeout=${timeoutMs}`, ...group],
    failures,
  )
  if (code !== 0) status = code ?? 1
}
// A long run's output is often read from its end only: repeat every failure there.
if (failures.length > 0) {
  const summary = [`=== failed (${failures.length})`, ...failures.flat()].join('\n') + '\n'
  process.stdout.write(summary)
  if (process.env.TAUBE_TEST_FAILURES_FILE) appendFileSync(process.env.TAUBE_TEST_FAILURES_FILE, summary)
}
process.exit(status)

// Passes the runner's TAP through and keeps each "not ok" with its diagnostics (the YAML block
// below it: error, location, stack), at most 40 lines of it.
function runGroup(args, failures) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['inherit', 'pipe', 'inherit'] })
    let rest = ''
    let current = null
    const take = (line) => {
      if (/^\s*not ok \d+ /.test(line)) {
        current = [line]
        failures.push(current)
      } else if (current !== null) {
        current.push(line)
        if (/^\s*\.\.\.$/.test(line) || current.length >= 40) current = null
      }
    }
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk)
      const lines = (rest + chunk.toString('utf8')).split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines) take(line)
    })
    child.on('close', (code) => {
      if (rest !== '') take(rest)
      resolve(code)
    })
  })
}
