// One chromium page for a browser test file: Debian's chromium driven by playwright-core, script
// errors and refused resources (CSP) collected, axe-core and screenshots at hand.
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { ensureChromium } from './chromium.js'

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export type BrowserPage = {
  browser: Browser
  context: BrowserContext
  page: Page
  /** Script errors and console errors other than refused API calls, since the last check. */
  problems: string[]
  /** axe-core in the page (or in `on`, another page): no serious or critical violation. */
  checkAccessibility(name: string, on?: Page): Promise<void>
  /** The test output folder (screenshots, files a test hands to the page). */
  dir: string
  /** A full-page screenshot in the test output folder. */
  shot(name: string): Promise<void>
  /** Fails on the problems seen since the last check. */
  noProblems(): void
  close(): Promise<void>
}

/** `out`: the folder below test-output/ for the screenshots (not committed). */
export async function openBrowserPage(out: string): Promise<BrowserPage> {
  const dir = join(import.meta.dirname, '..', '..', 'test-output', out)
  mkdirSync(dir, { recursive: true })
  const browser = await chromium.launch({
    executablePath: ensureChromium(),
    args: ['--no-sandbox'],
  })
  const context = await browser.newContext({
    locale: 'en-GB',
    viewport: { width: 1280, height: 800 },
  })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (401|403|404|409|422|429)/.test(m.text()))
      problems.push(`console: ${m.text()}`)
  })
  return {
    browser,
    context,
    page,
    problems,
    dir,
    async checkAccessibility(name, on = page) {
      // Through the DevTools protocol, which the page's CSP (no inline scripts) does not govern.
      await on.evaluate(AXE)
      const violations = await on.evaluate(async () => {
        const axe = (globalThis as any).axe
        const r = await axe.run((globalThis as any).document, { resultTypes: ['violations'] })
        return r.violations.map((v: any) => ({
          id: v.id,
          impact: v.impact,
          nodes: v.nodes.map((n: any) => n.target.join(' ')).slice(0, 3),
        }))
      })
      const serious = violations.filter(
        (v: any) => v.impact === 'serious' || v.impact === 'critical',
      )
      assert.deepEqual(serious, [], `${name}: accessibility violations`)
    },
    async shot(name) {
      await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
    },
    noProblems() {
      assert.deepEqual(problems.splice(0), [])
    },
    close: () => browser.close(),
  }
}
