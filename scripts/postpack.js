// npm's `postpack`: removes the npm-shrinkwrap.json that prepack.js made for the tarball.
import { rmSync } from 'node:fs'
import { join } from 'node:path'

rmSync(join(import.meta.dirname, '../npm-shrinkwrap.json'), { force: true })
