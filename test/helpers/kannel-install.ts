// Kannel 1.4.5 (Debian package kannel), the real peer of the Kannel tests and the comparison
// benchmark: installed with apt-get where it is missing (apt-install.ts).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { aptInstall } from './apt-install.js'

const BIN_DIRS = ['/usr/sbin', '/usr/bin', '/usr/local/sbin']

export function findKannelBinary(name: 'bearerbox' | 'smsbox'): string | null {
  for (const dir of BIN_DIRS) if (existsSync(join(dir, name))) return join(dir, name)
  return null
}

/** The installed Kannel's version, installing Debian's `kannel` first if it is missing. */
export function ensureKannel(): string {
  if (!findKannelBinary('bearerbox') || !findKannelBinary('smsbox')) {
    aptInstall('kannel')
    // The package may start the system's own gateway on every interface; tests and benchmark
    // run their own on loopback.
    spawnSync('service', ['kannel', 'stop'], { stdio: 'ignore' })
  }
  if (!findKannelBinary('bearerbox') || !findKannelBinary('smsbox'))
    throw new Error('Kannel is missing and could not be installed: apt-get install kannel')
  const dpkg = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'kannel'], { encoding: 'utf8' })
  return dpkg.status === 0 ? dpkg.stdout.trim() : 'unknown'
}
