import { chromium } from 'playwright-core'
import { ensureChromium } from '../test/helpers/chromium.js'
import { startBenchServer } from './server-process.js'

const LOADS = 20

/**
 * The dashboard's first paint on loopback: the built server in its own process, Debian's
 * chromium loading `/` LOADS times, each in a fresh context (nothing cached) and once more with
 * the assets cached, reading the browser's own first-contentful-paint and load times.
 */
export async function benchDashboard() {
  const server = await startBenchServer({}, 'api')
  const browser = await chromium.launch({
    executablePath: ensureChromium(),
    args: ['--no-sandbox'],
  })
  try {
    const cold: number[] = []
    const warm: number[] = []
    const loaded: number[] = []
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext()
      const page = await context.newPage()
      for (const into of [cold, warm]) {
        await page.goto(`${server.url}/`, { waitUntil: 'load' })
        await page.getByRole('heading').first().waitFor()
        // In the page: the browser's own Performance API, not Node's.
        const t = await page.evaluate(() => {
          const perf = (globalThis as any).performance
          return {
            fcp: perf.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1,
            load: perf.getEntriesByType('navigation')[0]?.duration ?? -1,
          }
        })
        into.push(Math.round(t.fcp))
        if (into === cold) loaded.push(Math.round(t.load))
      }
      await context.close()
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    const max = (xs: number[]) => Math.max(...xs)
    return {
      name: 'dashboard',
      description: `GET / in Debian's chromium over loopback, ${LOADS} fresh browser contexts, the built server (API role) in its own process`,
      firstContentfulPaintMs: {
        cold: { median: median(cold), max: max(cold) },
        cached: { median: median(warm), max: max(warm) },
      },
      loadEventMs: { median: median(loaded), max: max(loaded) },
      target: { firstPaintMs: 1000 },
    }
  } finally {
    await browser.close()
    await server.stop()
  }
}
