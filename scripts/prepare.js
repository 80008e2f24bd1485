// npm's `prepare` (run by `npm install`/`npm ci` in this folder, and by `npm start`): compiles
// src/ to dist/ and bundles the web dashboard (web/) into dist/public/, where the TypeScript
// compiler and esbuild are installed. A production install
// (`npm ci --omit=dev`) has no compiler: from the packed tarball dist/ is already there and
// nothing is to be done; from a git checkout there is nothing to run until it is built, which
// is said here and again by bin/taube.js, instead of failing the install on `tsc: not found`.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const root = join(import.meta.dirname, '..')
const built = existsSync(join(root, 'dist/main.js'))

// `npm pack` runs prepare right after prepack, which has just made a clean build.
if (process.env.npm_command === 'pack' || process.env.npm_command === 'publish') process.exit(0)
// The tarball ships dist/ and no src/: nothing to compile.
if (!existsSync(join(root, 'src'))) process.exit(0)

let tsc
try {
  const pkg = createRequire(join(root, 'package.json')).resolve('typescript/package.json')
  tsc = join(dirname(pkg), 'bin/tsc')
} catch {
  if (!built) {
    console.warn(
      'taube: TypeScript is not installed (a production install), so dist/ was not built.\n' +
        'Build it with the dev dependencies (`npm ci`, then `npm prune --omit=dev`), or install\n' +
        'the packed tarball (`npm pack`), which ships dist/. See docs/deploy.md.',
    )
  }
  process.exit(0)
}

const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
})
if (run.status !== 0) process.exit(run.status ?? 1)
// The web dashboard (web/ → dist/public/), bundled by esbuild, a dev dependency like tsc.
const web = spawnSync(process.execPath, [join(root, 'scripts/build-web.js')], {
  cwd: root,
  stdio: 'inherit',
})
process.exit(web.status ?? 1)
