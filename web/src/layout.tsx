import type { ComponentChildren } from 'preact'
import type { Session } from './api.js'
import { LANGUAGES, useI18n, type Language, type MessageKey } from './i18n.js'
import type { Route } from './route.js'

export type NavItem = { page: string; href: string; label: MessageKey }

const NAV: NavItem[] = [
  { page: 'overview', href: '#/', label: 'navOverview' },
  { page: 'send', href: '#/send', label: 'navSend' },
  { page: 'messages', href: '#/messages', label: 'navMessages' },
  { page: 'incomings', href: '#/incomings', label: 'navIncomings' },
  { page: 'keys', href: '#/keys', label: 'navKeys' },
  { page: 'bulks', href: '#/bulks', label: 'navBulks' },
  { page: 'groups', href: '#/groups', label: 'navGroups' },
  { page: 'senders', href: '#/senders', label: 'navSenders' },
  { page: 'webhooks', href: '#/webhooks', label: 'navWebhooks' },
]

export function Layout(props: {
  route: Route | null
  session: Session | null
  lang: Language
  setLang: (l: Language) => void
  onLogout?: () => void
  /** The operator console's own navigation, current page and name in place of the customer's. */
  operator?: { nav: NavItem[]; current: string } | undefined
  children: ComponentChildren
}) {
  const { t } = useI18n()
  const page = props.route?.page
  const nav = props.operator?.nav ?? NAV
  const loggedIn = props.session !== null || props.operator !== undefined
  const current = props.operator
    ? props.operator.current
    : page === 'message'
      ? 'messages'
      : page === 'webhook'
        ? 'webhooks'
        : page === 'group'
          ? 'groups'
          : page === 'bulk'
            ? 'bulks'
            : page
  return (
    <>
      <a class="skip" href="#main">
        {t('skipToContent')}
      </a>
      <header class="top">
        <span class="brand">{t('appName')}</span>
        {loggedIn && (
          <nav aria-label={t('mainNav')}>
            <ul>
              {nav.map((n) => (
                <li key={n.page}>
                  <a href={n.href} aria-current={current === n.page ? 'page' : undefined}>
                    {t(n.label)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div class="tools">
          <label>
            <span class="visually-hidden">{t('language')}</span>
            <select
              value={props.lang}
              onChange={(e) => props.setLang((e.target as HTMLSelectElement).value as Language)}
            >
              {(Object.keys(LANGUAGES) as Language[]).map((l) => (
                <option key={l} value={l}>
                  {l === 'de' ? 'Deutsch' : 'English'}
                </option>
              ))}
            </select>
          </label>
          {loggedIn && (
            <>
              <span class="who">{props.session ? `#${props.session.user_id}` : t('operator')}</span>
              <button type="button" class="secondary" onClick={props.onLogout}>
                {t('logOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  )
}
