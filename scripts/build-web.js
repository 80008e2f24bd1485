// Builds the web dashboard (web/src) into dist/public/: one bundle of script and one of style,
// named by their content hash so the server can let browsers keep them for good, and the page
// that loads them. Run by `npm run build` and by scripts/prepare.js; everything is served by the
// gateway itself, nothing from another origin.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { build } from 'esbuild'

const root = join(import.meta.dirname, '..')
const out = join(root, 'dist/public')

rmSync(out, { recursive: true, force: true })
mkdirSync(join(out, 'assets'), { recursive: true })

const result = await build({
  entryPoints: { app: join(root, 'web/src/main.tsx') },
  outdir: join(out, 'assets'),
  entryNames: '[name]-[hash]',
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
})

const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p))
const script = outputs.find((f) => f.endsWith('.js'))
const style = outputs.find((f) => f.endsWith('.css'))
if (!script || !style) throw new Error(`build-web: no script or style among ${outputs.join(', ')}`)

const page = readFileSync(join(root, 'web/index.html'), 'utf8')
  .replace('%SCRIPT%', `/assets/${script}`)
  .replace('%STYLE%', `/assets/${style}`)
writeFileSync(join(out, 'index.html'), page)
