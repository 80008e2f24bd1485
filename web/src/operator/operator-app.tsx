import { useEffect } from 'preact/hooks'
import { useSession } from '../api.js'
import { useAppShell } from '../app-shell.js'
import { I18n } from '../i18n.js'
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
  const shell = useAppShell<OperatorSession>('/operator/session', (s) =>
    useSession(s === null ? null : { user_id: 0, key_id: 0, ...s }),
  )
  const { lang, setLang, i18n, session, notice, onError, logout } = shell
  const page = useOperatorPage()

  useEffect(() => {
    const key = session === null ? 'operatorTitle' : TITLES[page]
    document.title = `${i18n.t(key)} · Taube`
  }, [page, session, i18n])

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
        {session === null && <OperatorLoginPage notice={notice} onLogin={shell.login} />}
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
