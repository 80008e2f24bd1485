import { createRequire } from 'node:module'
import { isDisposableDomain } from '../../domain/fraud/email-signal.js'

/**
 * The disposable-address domains of the `disposable-email-domains` package (about 120,000,
 * maintained upstream; an update of the package updates the list), loaded on first use: a
 * process that scores no e-mail address never holds them.
 */
export class DisposableDomains {
  private lists: { exact: ReadonlySet<string>; wildcard: ReadonlySet<string> } | null = null

  has(domain: string): boolean {
    this.lists ??= load()
    return isDisposableDomain(domain, this.lists)
  }
}

function load(): { exact: ReadonlySet<string>; wildcard: ReadonlySet<string> } {
  const require = createRequire(import.meta.url)
  return {
    exact: new Set(require('disposable-email-domains') as string[]),
    wildcard: new Set(require('disposable-email-domains/wildcard.json') as string[]),
  }
}
