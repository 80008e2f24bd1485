#!/usr/bin/env -S node --v8-pool-size=0
// Runs the compiled CLI; `npm run build` (run by `npm install` and `npm start`) produces dist/.
import { main } from '../dist/main.js'

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code
  },
  (err) => {
    console.error(err instanceof Error ? err.message : err)
    process.exitCode = 1
  },
)
