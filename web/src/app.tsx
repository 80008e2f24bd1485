import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks'
import { api, ApiError, useSession, type Session } from './api.js'
import { I18n, initialLanguage, saveLanguage, translator, type Language } from './i18n.js'
import { useRoute } from './route.js'
import { Layout } from './layout.js'
import { LoginPage } from './pages/login.js'
import { OverviewPage } from './pages/overview.js'
import { SendPage } from './pages/send.js'
import { MessagesPage } from './pages/messages.js'
import { MessagePage } from './pages/message.js'
import { KeysPage } from './pages/keys.js'
import { WebhooksPage } from './pages/webhooks.js'
import { GroupsPage } from './pages/groups.js'
import { BulksPage } from './pages/bulks.js'
import { IncomingsPage } from './pages/incomings.js'
import { SendersPage } from './pages/senders.js'
import { BulkPage } from './pages/bulk.js'
import { GroupPage } from './pages/group.js'
import { WebhookPage } from './pages/webhook.js'

export function App() {
  const [lang, setLang] = useState<Language>(initialLanguage)
  const i18n = useMemo(() => ({ lang, t: translator(lang) }), [lang])
  // undefined: not yet known (asking GET /session); null: logged out.
  const [session, setSession] = useState<Session | null | undefined>(undefined)
  const [notice, setNotice] = useState<string | null>(null)
  const route = useRoute()

  useLayoutEffect(() => saveLanguage(lang), [lang])
  useEffect(() => {
    api<Session>('GET', '/session')
      .then(start)
      .catch(() => start(null))
  }, [])
  useEffect(() => {
    document.title = `${i18n.t(titleKey(session === null ? 'login' : route.page))} · Taube`
  }, [route, session, i18n])

  function start(s: Session | null) {
    useSession(s)
    setSession(s)
  }

  /** Any page's API call that finds the session gone sends the user back to the login. */
  function onError(e: unknown) {
    if (e instanceof ApiError && (e.status === 401 || e.code === 'CSRF_TOKEN_INVALID')) {
      setNotice(i18n.t('sessionEnded'))
      start(null)
      return true
    }
    return false
  }

  async function logout() {
    await api('DELETE', '/session').catch(() => undefined)
    setNotice(null)
    start(null)
    location.hash = '#/'
  }

  let body
  if (session === undefined) body = <p role="status">{i18n.t('loading')}</p>
  else if (session === null)
    body = (
      <LoginPage
        notice={notice}
        onLogin={(s) => {
          setNotice(null)
          start(s)
        }}
      />
    )
  else {
    const props = { onError }
    body = (
      <Layout route={route} session={session} onLogout={logout} lang={lang} setLang={setLang}>
        {route.page === 'overview' && <OverviewPage {...props} />}
        {route.page === 'send' && <SendPage {...props} query={route.query} />}
        {route.page === 'incomings' && <IncomingsPage {...props} query={route.query} />}
        {route.page === 'messages' && <MessagesPage {...props} query={route.query} />}
        {route.page === 'message' && <MessagePage {...props} id={route.id} />}
        {route.page === 'keys' && <KeysPage {...props} currentKeyId={session.key_id} />}
        {route.page === 'bulks' && <BulksPage {...props} />}
        {route.page === 'bulk' && <BulkPage {...props} id={route.id} />}
        {route.page === 'groups' && <GroupsPage {...props} />}
        {route.page === 'group' && <GroupPage {...props} id={route.id} query={route.query} />}
        {route.page === 'senders' && <SendersPage {...props} />}
        {route.page === 'webhooks' && <WebhooksPage {...props} />}
        {route.page === 'webhook' && <WebhookPage {...props} id={route.id} />}
      </Layout>
    )
  }
  return (
    <I18n.Provider value={i18n}>
      {session === null ? (
        <Layout route={null} session={null} lang={lang} setLang={setLang}>
          {body}
        </Layout>
      ) : (
        body
      )}
    </I18n.Provider>
  )
}

function titleKey(page: string) {
  switch (page) {
    case 'login':
      return 'loginTitle'
    case 'send':
      return 'navSend'
    case 'messages':
    case 'message':
      return 'navMessages'
    case 'keys':
      return 'navKeys'
    case 'incomings':
      return 'navIncomings'
    case 'senders':
      return 'navSenders'
    case 'bulks':
    case 'bulk':
      return 'navBulks'
    case 'groups':
    case 'group':
      return 'navGroups'
    case 'webhooks':
    case 'webhook':
      return 'navWebhooks'
    default:
      return 'navOverview'
  }
}

export type PageProps = {
  /** Handles a lost session; true when it did. */
  onError: (e: unknown) => boolean
}
