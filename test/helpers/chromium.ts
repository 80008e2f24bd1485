// Debian's chromium, the browser of the dashboard tests (playwright-core drives it; Playwright's
// own browser download is not used). Installed with apt-get where it is missing and we are root,
// so that `npm test` needs no step by hand; otherwise the tests fail saying what to install.
import { existsSync } from 'node:fs'
import { aptInstall } from './apt-install.js'

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
  aptInstall('chromium')
  const installed = findChromium()
  if (!installed)
    throw new Error('chromium is missing and could not be installed: apt-get install chromium')
  return installed
}
