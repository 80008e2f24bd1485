// Debian packages the tests and benchmarks run beside the gateway (Kannel, chromium, wrk),
// installed where they are missing, so that `npm test` and `npm run bench` need no step by hand.
// Two callers that find one missing at once both ask; apt waits for the other's lock.
import { execFileSync } from 'node:child_process'

export function aptInstall(pkg: string): void {
  console.log(`${pkg} not found: apt-get install -y ${pkg}`)
  const apt = (...args: string[]) =>
    execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
  try {
    apt('install', '-y', '--no-install-recommends', pkg)
  } catch {
    // A fresh machine may not know the package yet.
    apt('update')
    apt('install', '-y', '--no-install-recommends', pkg)
  }
}
