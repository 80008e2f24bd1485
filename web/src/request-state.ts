import { useState } from 'preact/hooks'
import { ApiError, type Violation } from './api.js'
import type { PageProps } from './app.js'
import { errorText } from './errors.js'
import { useI18n } from './i18n.js'

/**
 * What a page shows of its requests: busy while one runs, the last error and the fields it
 * named. An error the app handles itself (a session that ended) is left to it.
 */
export function useRequestState(onError: PageProps['onError']) {
  const { t } = useI18n()
  const [error, setError] = useState<string | null>(null)
  const [violations, setViolations] = useState<Violation[]>([])
  const [busy, setBusy] = useState(false)

  const fail = (e: unknown) => {
    if (onError(e)) return
    setViolations(e instanceof ApiError ? e.violations : [])
    setError(errorText(t, e))
  }

  /** Runs one request of a form: the last error cleared, busy meanwhile, a new error shown. */
  async function run(work: () => Promise<void>): Promise<void> {
    setBusy(true)
    setError(null)
    setViolations([])
    try {
      await work()
    } catch (err) {
      fail(err)
    } finally {
      setBusy(false)
    }
  }

  /** Runs an action of a list row, after the user confirmed it where `question` is given. */
  async function act(work: () => Promise<void>, question?: string): Promise<void> {
    setError(null)
    if (question !== undefined && !confirm(question)) return
    try {
      await work()
    } catch (err) {
      fail(err)
    }
  }

  /** The message of the violation of this field (or of its items, `field[0]`), if any. */
  const violation = (field: string) =>
    violations.find((v) => v.propertyPath === field || v.propertyPath.startsWith(`${field}[`))
      ?.message ?? null

  return { error, setError, busy, fail, run, act, violation }
}
