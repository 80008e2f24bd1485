import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const DENY_NETWORK = join(ROOT, 'test/helpers/deny-network.mjs')
const DENIED_MARK = 'deny-network: blocked'
const REDOCLY = join(ROOT, 'node_modules/@redocly/cli/bin/cli.js')

/** Redocly's own switches for telemetry and the update check (read from its source, 2.x). */
const OFFLINE_ENV = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }

type Run = { code: number | null; stdout: string; stderr: string }

/** Runs a Node script with every non-loopback connect and lookup made to fail. */
function runOffline(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', DENY_NETWORK, ...args], {
      cwd,
      env: { ...process.env, ...OFFLINE_ENV, NO_COLOR: '1' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('OpenAPI lint (Redocly, offline)', () => {
  let s: TestServer
  let dir: string
  before(async () => {
    s = await startTestServer()
    dir = mkdtempSync(join(tmpdir(), 'taube-openapi-'))
  })
  after(async () => {
    await s.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('keeps a tool from reaching anything but the loopback', async () => {
    // 192.0.2.1 (TEST-NET-1) is never routed; the guard refuses it before any packet is sent.
    const probe =
      "fetch('http://192.0.2.1/').then(() => console.log('reached'), " +
      '(e) => console.log(e.cause?.code))'
    const r = await runOffline(['-e', probe], dir)
    assert.equal(r.stdout.trim(), 'ERR_NETWORK_DENIED')
    assert.match(r.stderr, new RegExp(`${DENIED_MARK} connect to 192\\.0\\.2\\.1:80`))
  })

  it('finds no problem in the document the server serves, without going online', async () => {
    const res = await s.request('/openapi.json')
    assert.equal(res.status, 200)
    const file = join(dir, 'openapi.json')
    writeFileSync(file, res.text)
    const config = join(ROOT, 'redocly.yaml')
    const r = await runOffline([REDOCLY, 'lint', '--config', config, '--format=json', file], dir)
    type Report = { totals: { errors: number; warnings: number }; problems: unknown[] }
    const report = JSON.parse(r.stdout) as Report
    const problems = JSON.stringify(report.problems, null, 2)
    assert.equal(report.totals.errors, 0, problems)
    // A rule that is only worth a warning is lowered or switched off in redocly.yaml, with why.
    assert.equal(report.totals.warnings, 0, problems)
    assert.equal(r.code, 0, r.stderr)
    assert.ok(!r.stderr.includes(DENIED_MARK), `Redocly tried to go online:\n${r.stderr}`)
  })
})
