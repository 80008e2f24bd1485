// Runs every *.test.ts under src/ and test/ with Node's test runner, TypeScript loaded by tsx.
// Node 20's runner does not expand globs itself, hence this file. A run that needs PostgreSQL
// and was given none (TAUBE_TEST_PG_URL unset) gets one of its own: see test-postgres.js.
import { spawn } from 'node:child_process'
import { appendFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { needsPostgres, startTestPostgres } from './test-postgres.js'

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

let postgres = null
// The test runner of the group under way, stopped with the run.
let running = null
for (const [signal, number] of [
  ['SIGINT', 2],
  ['SIGTERM', 15],
  ['SIGHUP', 1],
]) {
  process.on(signal, async () => {
    running?.kill(signal)
    await postgres?.stop()
    process.exit(128 + number)
  })
}
if (needsPostgres(files, process.env)) {
  const began = performance.now()
  try {
    postgres = await startTestPostgres()
  } catch (err) {
    console.error(err.message)
    process.exit(1)
  }
  process.env.TAUBE_TEST_PG_URL = postgres.url
  console.error(
    `TAUBE_TEST_PG_URL unset: started PostgreSQL on ${new URL(postgres.url).host} for this run ` +
      `in ${seconds(began)}; data in ${postgres.dir}`,
  )
}

let status = 0
const failures = []
for (const [group, n] of [
  [together, concurrency],
  [alone, '1'],
]) {
  if (group.length === 0) continue
  const code = await runGroup(
    // TAP on every Node version: newer ones default to `spec` even into a pipe,
    // and the failures are read from TAP's "not ok" lines.
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=tap',
      `--test-concurrency=${n}`,
      `--test-timeout=${timeoutMs}`,
      ...group,
    ],
    failures,
  )
  if (code !== 0) status = code ?? 1
}
// A long run's output is often read from its end only: repeat every failure there.
if (failures.length > 0) {
  const summary = [`=== failed (${failures.length})`, ...failures.flat()].join('\n') + '\n'
  process.stdout.write(summary)
  if (process.env.TAUBE_TEST_FAILURES_FILE)
    appendFileSync(process.env.TAUBE_TEST_FAILURES_FILE, summary)
}
if (postgres) {
  const began = performance.now()
  await postgres.stop()
  console.error(`PostgreSQL of this run stopped and its data removed in ${seconds(began)}`)
}
process.exit(status)

function seconds(since) {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`
}

// Passes the runner's TAP through and keeps each "not ok" with its diagnostics (the YAML block
// below it: error, location, stack), at most 40 lines of it.
function runGroup(args, failures) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['inherit', 'pipe', 'inherit'] })
    running = child
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
