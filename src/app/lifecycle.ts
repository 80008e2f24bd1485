/** Whatever starts registers how to stop; stopAll runs them in reverse order (LIFO). */
export class Lifecycle {
  private readonly stoppers: { name: string; stop: () => Promise<void> | void }[] = []

  add(name: string, stop: () => Promise<void> | void): void {
    this.stoppers.push({ name, stop })
  }

  async stopAll(onError: (name: string, err: unknown) => void = () => {}): Promise<void> {
    while (this.stoppers.length > 0) {
      const s = this.stoppers.pop()!
      try {
        await s.stop()
      } catch (err) {
        onError(s.name, err)
      }
    }
  }
}
