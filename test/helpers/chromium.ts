// Debian's chromium, the browser of the dashboard tests (playwright-core drives it; Playwright's
// own browser download is not used). Installed with apt-get where it is missing and we are root,
// so that `npm test` needs no step by hand; otherwise the tests fail saying what to install.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser']

export function findChromium(): string | null {
  return CANDIDATES.find((p) => existsSync(p)) ?? null
}

/** The path of Debian's chromium, installing the package first if it is missing. */
export function ensureChromium(): string {
  const found = findChromium()
  if (found) return found
  if (process.getuid?.() !== 0) {
    throw new Error(
      'The dashboard tests need Debian\'s chromium: run "sudo apt-get install chromium" ' +
        '(tests run it from /usr/bin/chromium)',
    )
  }
  console.log('chromium not found: apt-get install -y chromium')
  const apt = (...args: string[]) =>
    execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
  try {
    apt('install', '-y', '--no-install-recommends', 'chromium')
  } catch {
    // A fresh machine may not know the package yet.
    apt('update')
    apt('install', '-y', '--no-install-recommends', 'chromium')
  }
  const installed = findChromium()
  if (!installed)
    throw new Error('chromium is missing and could not be installed: apt-get install chromium')
  return installed
}
