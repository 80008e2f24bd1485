// A production install as docs/deploy.md describes it, offline: the packed tarball unpacked and
// installed with `npm ci --omit=dev` (no compiler), then `taube serve` from it; and the same
// install in a checkout, which must not fail for want of TypeScript.
//
// Nothing leaves the machine: npm runs with --offline from the npm cache (filled by the
// `npm install`/`npm ci` of this tree), and better-sqlite3's install, which would fetch a
// prebuilt binary from GitHub or compile SQLite for minutes, is handed the binary this tree
// already built as a local prebuild (prebuild-install's own offline path, also in the doc).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { startTaube } from '../helpers/cli.js'
import { http } from '../helpers/http.js'

const ROOT = join(import.meta.dirname, '../..')
const SMS = { text: 'Hello from an installed Taube', sender_id: 'Taube', phone: '+491701234567' }
// What a checkout holds that packing or building reads (not node_modules, dist/, tests).
const SOURCES = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'README.md',
  'LICENSE',
  'bin',
  'docs',
  'deploy',
  'scripts',
  'src',
  'web',
]

type Run = { code: number | null; out: string }

/** Runs a command to its end; output is kept for the assertion messages. */
function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...npmFreeEnv(), ...env } })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, out: `$ ${cmd} ${args.join(' ')}\n${out}` }))
  })
}

/** The environment without what `npm test` sets for its own script. */
function npmFreeEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^npm_/i.test(k)) env[k] = v
  }
  return env
}

/** The checkout's own files; what is missing is for the tarball's checks to find. */
function copySources(to: string): void {
  for (const name of SOURCES) {
    if (existsSync(join(ROOT, name))) cpSync(join(ROOT, name), join(to, name), { recursive: true })
  }
}

/**
 * A prebuild tarball of this tree's better-sqlite3 binary, named as prebuild-install looks for
 * it ({name}-v{version}-{runtime}-v{abi}-{platform}{libc}-{arch}.tar.gz, libc empty for glibc).
 */
async function localPrebuilds(dir: string): Promise<Record<string, string>> {
  const pkgFile = createRequire(join(ROOT, 'package.json')).resolve('better-sqlite3/package.json')
  const { version } = readJson(pkgFile)
  const stage = join(dir, 'stage')
  mkdirSync(join(stage, 'build/Release'), { recursive: true })
  const binary = 'build/Release/better_sqlite3.node'
  cpSync(join(dirname(pkgFile), binary), join(stage, binary))
  const abi = process.versions.modules
  const name = `better-sqlite3-v${version}-node-v${abi}-${process.platform}-${process.arch}.tar.gz`
  const tar = await run('tar', ['-czf', join(dir, name), 'build'], stage)
  assert.equal(tar.code, 0, tar.out)
  return { npm_config_better_sqlite3_local_prebuilds: dir }
}

const OFFLINE = ['--offline', '--no-audit', '--no-fund', '--no-update-notifier']
const SHIPPED = [
  'bin/taube.js',
  'dist/main.js',
  'npm-shrinkwrap.json',
  'LICENSE',
  'deploy/taube.service',
  'scripts/prepare.js',
]

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { version: string }

describe('production install', { timeout: 400_000, concurrency: 2 }, () => {
  let tmp = ''
  let prebuildEnv: Record<string, string> = {}
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'taube-install-'))
    prebuildEnv = await localPrebuilds(join(tmp, 'prebuilds'))
  })
  after(() => {
    if (tmp === '') return
    // The packing tree borrows this tree's node_modules: unlink it before removing the rest.
    rmSync(join(tmp, 'tree/node_modules'), { force: true })
    rmSync(tmp, { recursive: true, force: true })
  })

  it('from the packed tarball: no compiler needed, and taube serves and sends', async () => {
    const tree = join(tmp, 'tree')
    copySources(tree)
    // Packing compiles; the dev dependencies are this tree's own.
    symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'), 'dir')
    const pack = await run('npm', ['pack', '--pack-destination', tmp, ...OFFLINE], tree)
    assert.equal(pack.code, 0, pack.out)
    assert.ok(!existsSync(join(tree, 'npm-shrinkwrap.json')), 'postpack removes the shrinkwrap')

    const tarball = join(tmp, `taube-${readJson(join(ROOT, 'package.json')).version}.tgz`)
    const list = await run('tar', ['-tzf', tarball], tmp)
    assert.equal(list.code, 0, list.out)
    const files = list.out.split('\n')
    for (const f of SHIPPED) {
      assert.ok(files.includes(`package/${f}`), `${f} is in the tarball:\n${list.out}`)
    }
    for (const f of files) {
      assert.doesNotMatch(f, /^package\/(src|test)\/|\.tsbuildinfo$|\.test\.js$/, `shipped: ${f}`)
    }

    const app = join(tmp, 'opt')
    mkdirSync(app)
    const untar = await run('tar', ['-xzf', tarball, '-C', app, '--strip-components=1'], tmp)
    assert.equal(untar.code, 0, untar.out)
    assert.deepEqual(
      readJson(join(app, 'npm-shrinkwrap.json')),
      readJson(join(ROOT, 'package-lock.json')),
      'the tarball pins the tested dependency versions',
    )
    const ci = await run('npm', ['ci', '--omit=dev', ...OFFLINE], app, prebuildEnv)
    assert.equal(ci.code, 0, ci.out)
    assert.ok(!existsSync(join(app, 'node_modules/typescript')), 'no dev dependency is installed')
    assert.ok(existsSync(join(app, 'node_modules/fastify')), ci.out)

    // As the systemd unit runs it: the working directory is the state directory, which holds
    // the SQLite default (./data/taube.db).
    const state = join(tmp, 'var-lib-taube')
    mkdirSync(state)
    const taube = await startTaube(
      { TAUBE_HOST: '127.0.0.1', TAUBE_DATABASE_URL: 'sqlite:./data/taube.db' },
      undefined,
      { bin: join(app, 'bin/taube.js'), cwd: state },
    )
    try {
      const health = await http(taube.url, '/healthz')
      assert.equal(health.status, 200, health.text)
      // The dashboard ships built: the page and the script it loads.
      const page = await http(taube.url, '/')
      assert.equal(page.status, 200, page.text)
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)
      assert.ok(script, page.text)
      assert.equal((await http(taube.url, script[1]!)).status, 200)
      const m = /X-LOX24-AUTH-TOKEN: (\d+:[a-z0-9]{32})/.exec(taube.output())
      assert.ok(m, taube.output())
      const sent = await http(taube.url, '/sms', { token: m[1]!, body: SMS })
      assert.equal(sent.status, 201, sent.text)
      assert.ok(existsSync(join(state, 'data/taube.db')), 'the database is in the state directory')
    } finally {
      assert.equal(await taube.stop(), 0, taube.output())
    }
  })

  // `npm ci --omit=dev` in a checkout installs the same dependencies as above (package-lock.json
  // is the tarball's shrinkwrap) and then runs `prepare`, which failed there on `tsc: not found`:
  // that step alone, in a checkout with no TypeScript and no dist/.
  it('in a checkout without dev dependencies: prepare passes, taube says to build', async () => {
    const checkout = join(tmp, 'checkout')
    copySources(checkout)
    const prepare = await run('npm', ['run', 'prepare', ...OFFLINE], checkout)
    assert.equal(prepare.code, 0, prepare.out)
    assert.match(prepare.out, /TypeScript is not installed/)
    const taube = await run(process.execPath, [join(checkout, 'bin/taube.js'), 'serve'], checkout)
    assert.equal(taube.code, 1, taube.out)
    assert.match(taube.out, /dist\/ is missing/)
    assert.match(taube.out, /npm run build/)
    assert.doesNotMatch(taube.out, /ERR_MODULE_NOT_FOUND/)
  })
})
