/**
 * Polls every `intervalMs` until `check` returns a value other than undefined/false, or fails
 * after `timeoutMs`. A check that costs the database much (a count over a big table) polls
 * slower, so the polling does not compete with the work it waits for.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
  intervalMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    const v = await check()
    if (v !== undefined && v !== false) return v
    last = v
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} (last: ${String(last)})`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}
