import { useEffect } from 'preact/hooks'
import { useSession, type Session } from './api.js'
import { useAppShell } from './app-shell.js'
import { I18n } from './i18n.js'
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
  const shell = useAppShell<Session>('/session', useSession)
  const { lang, setLang, i18n, session, notice, onError } = shell
  const route = useRoute()

  useEffect(() => {
    document.title = `${i18n.t(titleKey(session === null ? 'login' : route.page))} · Taube`
  }, [route, session, i18n])

  async function logout() {
    await shell.logout()
    location.hash = '#/'
  }

  let body
  if (session === undefined) body = <p role="status">{i18n.t('loading')}</p>
  else if (session === null) body = <LoginPage notice={notice} onLogin={shell.login} />
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
