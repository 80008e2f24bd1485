import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks'
import { api, ApiError } from './api.js'
import { initialLanguage, saveLanguage, translator, type Language } from './i18n.js'

/**
 * What the customer's dashboard and the operator console share around their pages: the
 * language (kept in localStorage), the session at `path` (read at start, ended by logout), and
 * the handling of a session lost while a page works (back to the login, with a notice).
 * `adopt` hands a session's CSRF token to the API client (or null).
 */
export function useAppShell<S>(path: string, adopt: (s: S | null) => void) {
  const [lang, setLang] = useState<Language>(initialLanguage)
  const i18n = useMemo(() => ({ lang, t: translator(lang) }), [lang])
  // undefined: not yet known (asking GET `path`); null: logged out.
  const [session, setSession] = useState<S | null | undefined>(undefined)
  const [notice, setNotice] = useState<string | null>(null)

  useLayoutEffect(() => saveLanguage(lang), [lang])
  useEffect(() => {
    api<S>('GET', path)
      .then(start)
      .catch(() => start(null))
  }, [])

  function start(s: S | null) {
    adopt(s)
    setSession(s)
  }

  return {
    lang,
    setLang,
    i18n,
    session,
    notice,
    login(s: S) {
      setNotice(null)
      start(s)
    },
    /** Any page's API call that finds the session gone: true when it was that. */
    onError(e: unknown): boolean {
      if (e instanceof ApiError && (e.status === 401 || e.code === 'CSRF_TOKEN_INVALID')) {
        setNotice(i18n.t('sessionEnded'))
        start(null)
        return true
      }
      return false
    },
    async logout(): Promise<void> {
      await api('DELETE', path).catch(() => undefined)
      setNotice(null)
      start(null)
    },
  }
}
