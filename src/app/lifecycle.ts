/** What a stop finished before it returned, by kind: `{ messages: 12 }`. */
export type Drained = Record<string, number>

/** What stopAll did: for the log line that says the process has stopped. */
export type StopReport = { stopped: string[]; failed: string[]; drained: Drained; ms: number }

type Stop = () => Promise<Drained | void> | Drained | void

/** Whatever starts registers how to stop; stopAll runs them in reverse order (LIFO). */
export class Lifecycle {
  private readonly stoppers: { name: string; stop: Stop }[] = []

  add(name: string, stop: Stop): void {
    this.stoppers.push({ name, stop })
  }

  async stopAll(onError: (name: string, err: unknown) => void = () => {}): Promise<StopReport> {
    const started = performance.now()
    const report: StopReport = { stopped: [], failed: [], drained: {}, ms: 0 }
    while (this.stoppers.length > 0) {
      const s = this.stoppers.pop()!
      try {
        const drained = await s.stop()
        for (const [kind, n] of Object.entries(drained ?? {})) {
          report.drained[kind] = (report.drained[kind] ?? 0) + n
        }
        report.stopped.push(s.name)
      } catch (err) {
        report.failed.push(s.name)
        onError(s.name, err)
      }
    }
    report.ms = Math.round(performance.now() - started)
    return report
  }
}
