#!/usr/bin/env -S node --v8-pool-size=0
// Runs the compiled CLI from dist/ beside this folder: the packed tarball ships it, and in a
// checkout `npm install` and `npm start` build it (scripts/prepare.js).
import { existsSync } from 'node:fs'

const entry = new URL('../dist/main.js', import.meta.url)
if (!existsSync(entry)) {
  const dist = new URL('../dist/', import.meta.url).pathname
  console.error(
    `taube: ${dist} is missing: this checkout is not built.\n` +
      'Run `npm run build` (it needs the dev dependencies: `npm ci`), or install the packed\n' +
      'tarball, which ships dist/ (docs/deploy.md).',
  )
  process.exit(1)
}
const { main } = await import(entry.href)

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code
  },
  (err) => {
    console.error(err instanceof Error ? err.message : err)
    process.exitCode = 1
  },
)
