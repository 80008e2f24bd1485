import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks'
import { api, ApiError, useSession } from '../api.js'
import { I18n, initialLanguage, saveLanguage, translator, type Language } from '../i18n.js'
import { Layout, type NavItem } from '../layout.js'
import { OperatorLoginPage, type OperatorSession } from './login.js'
import { useOperatorPage } from './route.js'
import { AccountsPage } from './accounts.js'
import { ConnectorsPage } from './connectors.js'
import { RoutesPage } from './routes.js'
import { MonitorPage } from './monitor.js'
import { OperatorKeysPage } from './keys.js'
import { PricesPage } from './prices.js'

const NAV: NavItem[] = [
  { page: 'accounts', href: '#/operator/accounts', label: 'navAccounts' },
  { page: 'keys', href: '#/operator/keys', label: 'navOperatorKeys' },
  { page: 'prices', href: '#/operator/prices', label: 'navPrices' },
  { page: 'connectors', href: '#/operator/connectors', label: 'navConnectors' },
  { page: 'routes', href: '#/operator/routes', label: 'navRoutes' },
  { page: 'monitor', href: '#/operator/monitor', label: 'navMonitor' },
]
const TITLES = {
  accounts: 'navAccounts',
  keys: 'navOperatorKeys',
  prices: 'navPrices',
  connectors: 'navConnectors',
  routes: 'navRoutes',
  monitor: 'navMonitor',
} as const

/**
 * The operator console: an operator session (POST /operator/session) and pages that call the
 * operator API (/admin/…) with it, as any client of that API would.
 */
export function OperatorApp() {
  const [lang, setLang] = useState<Language>(initialLanguage)
  const i18n = useMemo(() => ({ lang, t: translator(lang) }), [lang])
  // undefined: not yet known; null: logged out.
  const [session, setSession] = useState<OperatorSession | null | undefined>(undefined)
  const [notice, setNotice] = useState<string | null>(null)
  const page = useOperatorPage()

  useLayoutEffect(() => saveLanguage(lang), [lang])
  useEffect(() => {
    api<OperatorSession>('GET', '/operator/session')
      .then(start)
      .catch(() => start(null))
  }, [])
  useEffect(() => {
    const key = session === null ? 'operatorTitle' : TITLES[page]
    document.title = `${i18n.t(key)} · Taube`
  }, [page, session, i18n])

  function start(s: OperatorSession | null) {
    useSession(s === null ? null : { user_id: 0, key_id: 0, ...s })
    setSession(s)
  }

  function onError(e: unknown) {
    if (e instanceof ApiError && (e.status === 401 || e.code === 'CSRF_TOKEN_INVALID')) {
      setNotice(i18n.t('sessionEnded'))
      start(null)
      return true
    }
    return false
  }

  async function logout() {
    await api('DELETE', '/operator/session').catch(() => undefined)
    setNotice(null)
    start(null)
  }

  const props = { onError }
  return (
    <I18n.Provider value={i18n}>
      <Layout
        route={null}
        session={null}
        lang={lang}
        setLang={setLang}
        onLogout={logout}
        operator={session ? { nav: NAV, current: page } : undefined}
      >
        {session === undefined && <p role="status">{i18n.t('loading')}</p>}
        {session === null && (
          <OperatorLoginPage
            notice={notice}
            onLogin={(s) => {
              setNotice(null)
              start(s)
            }}
          />
        )}
        {session && page === 'accounts' && <AccountsPage {...props} />}
        {session && page === 'keys' && <OperatorKeysPage {...props} />}
        {session && page === 'prices' && <PricesPage {...props} />}
        {session && page === 'connectors' && <ConnectorsPage {...props} />}
        {session && page === 'routes' && <RoutesPage {...props} />}
        {session && page === 'monitor' && <MonitorPage {...props} />}
      </Layout>
    </I18n.Provider>
  )
}
