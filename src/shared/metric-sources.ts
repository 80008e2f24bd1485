import { collectDefaultMetrics, Registry } from 'prom-client'

/**
 * The parts of this process's /metrics: each engine (HTTP, delivery, events, the delivery
 * thread) puts its own registry here under a name; an engine started again replaces its part.
 * Kept apart, not merged into one registry, so that no two engines can clash on a name.
 */
export class MetricSources {
  readonly contentType = Registry.PROMETHEUS_CONTENT_TYPE
  private readonly sources = new Map<string, () => Promise<string>>()

  /** With `process`: CPU, memory, event loop and GC of this process (once per process). */
  constructor(opts: { process: boolean }) {
    if (opts.process) {
      const registry = new Registry()
      collectDefaultMetrics({ register: registry, prefix: 'taube_' })
      this.set('process', registry)
    }
  }

  set(name: string, source: Registry | (() => Promise<string>)): void {
    this.sources.set(name, source instanceof Registry ? () => source.metrics() : source)
  }

  /** The exposition text of every part, one after the other. */
  async text(): Promise<string> {
    const parts = await Promise.all([...this.sources.values()].map((source) => source()))
    return parts
      .map((p) => p.replace(/\n*$/, '\n'))
      .filter((p) => p !== '\n')
      .join('')
  }
}
