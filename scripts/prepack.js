// npm's `prepack` (run by `npm pack` and `npm publish`): a clean build of dist/, so the tarball
// holds no output of deleted sources, and npm-shrinkwrap.json from package-lock.json, so an
// install of the tarball gets the dependency versions this tree was tested with.
// postpack.js removes the shrinkwrap again (beside package-lock.json it would take precedence).
import { spawnSync } from 'node:child_process'
import { copyFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const root = join(import.meta.dirname, '..')
const typescript = createRequire(join(root, 'package.json')).resolve('typescript/package.json')
const tsc = join(dirname(typescript), 'bin/tsc')

rmSync(join(root, 'dist'), { recursive: true, force: true })
const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
})
if (run.status !== 0) process.exit(run.status ?? 1)
const web = spawnSync(process.execPath, [join(root, 'scripts/build-web.js')], {
  cwd: root,
  stdio: 'inherit',
})
if (web.status !== 0) process.exit(web.status ?? 1)
copyFileSync(join(root, 'package-lock.json'), join(root, 'npm-shrinkwrap.json'))
