/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    const v = await check()
    if (v !== undefined && v !== false) return v
    last = v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${String(last)})`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
