import { useEffect, useState } from 'preact/hooks'
import { api, query } from '../api.js'
import type { PageProps } from '../app.js'
import { count, dateTime } from '../format.js'
import { useI18n, type MessageKey } from '../i18n.js'
import { Pager } from '../pager.js'
import { useRequestState } from '../request-state.js'

type Depth = { due: number; later: number }
type Queue = {
  messages: Record<'scheduled' | 'queued' | 'submitting', Depth>
  events: { due: number; waiting: number; delivering: number }
}
type Page<T> = { failures: T[]; page: number; per_page: number; next_page: number | null }
type FailedMessage = {
  uuid: string
  account_id: number
  phone: string
  status: string
  dlr_code: number
  error: string | null
  connector_id: string | null
  updated_at: number
}
type FailedAttempt = {
  id: number
  account_id: number
  webhook_id: number | null
  event_name: string
  http_status: number | null
  error: string | null
  attempted_at: number
}

/** How often the page reads the queue and the failures again while it is open. */
const REFRESH_MS = 2000
const PER_PAGE = 10

const STATES: { state: keyof Queue['messages']; label: MessageKey }[] = [
  { state: 'scheduled', label: 'stateScheduled' },
  { state: 'queued', label: 'stateQueued' },
  { state: 'submitting', label: 'stateSubmitting' },
]

/** GET /admin/queue and /admin/failures/{messages,webhooks}, read again every 2 s. */
export function MonitorPage({ onError }: PageProps) {
  const { t, lang } = useI18n()
  const [queue, setQueue] = useState<Queue | null>(null)
  const [messages, setMessages] = useState<Page<FailedMessage> | null>(null)
  const [attempts, setAttempts] = useState<Page<FailedAttempt> | null>(null)
  const [messagePage, setMessagePage] = useState(1)
  const [attemptPage, setAttemptPage] = useState(1)
  const { error, setError, fail } = useRequestState(onError)

  useEffect(() => {
    const load = () =>
      Promise.all([
        api<Queue>('GET', '/admin/queue'),
        api<Page<FailedMessage>>(
          'GET',
          `/admin/failures/messages${query({ page: messagePage, per_page: PER_PAGE })}`,
        ),
        api<Page<FailedAttempt>>(
          'GET',
          `/admin/failures/webhooks${query({ page: attemptPage, per_page: PER_PAGE })}`,
        ),
      ])
        .then(([q, m, a]) => {
          setQueue(q)
          setMessages(m)
          setAttempts(a)
          setError(null)
        })
        .catch(fail)
    void load()
    const timer = setInterval(load, REFRESH_MS)
    return () => clearInterval(timer)
  }, [messagePage, attemptPage])

  const pages = (p: Page<unknown>) => (p.next_page === null ? p.page : p.page + 1)

  return (
    <section aria-labelledby="monitor-title">
      <h1 id="monitor-title">{t('monitorTitle')}</h1>
      <div role="alert" class="error-box">
        {error}
      </div>
      {!queue && <p role="status">{t('loading')}</p>}
      {queue && (
        <div class="tiles">
          <div class="table-wrap card">
            <table data-testid="message-queue">
              <caption>{t('messageQueue')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('dueNow')}</th>
                  <th scope="col">{t('dueLater')}</th>
                </tr>
              </thead>
              <tbody>
                {STATES.map(({ state, label }) => (
                  <tr key={state} data-state={state}>
                    <th scope="row">{t(label)}</th>
                    <td data-testid="due">{count(lang, queue.messages[state].due)}</td>
                    <td data-testid="later">{count(lang, queue.messages[state].later)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="table-wrap card">
            <table data-testid="event-queue">
              <caption>{t('eventQueue')}</caption>
              <tbody>
                <tr>
                  <th scope="row">{t('eventsDue')}</th>
                  <td>{count(lang, queue.events.due)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('eventsWaiting')}</th>
                  <td>{count(lang, queue.events.waiting)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('eventsDelivering')}</th>
                  <td>{count(lang, queue.events.delivering)}</td>
                </tr>
              </tbody>
            </table>
          </div>
        </div>
      )}

      <h2 id="failed-messages-title">{t('failedMessages')}</h2>
      {messages && messages.failures.length === 0 && <p>{t('noFailures')}</p>}
      {messages && messages.failures.length > 0 && (
        <>
          <div class="table-wrap">
            <table aria-labelledby="failed-messages-title">
              <thead>
                <tr>
                  <th scope="col">{t('attemptedAt')}</th>
                  <th scope="col">{t('account')}</th>
                  <th scope="col">{t('phone')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('dlr')}</th>
                  <th scope="col">{t('failureReason')}</th>
                  <th scope="col">{t('connector')}</th>
                </tr>
              </thead>
              <tbody>
                {messages.failures.map((f) => (
                  <tr key={f.uuid} data-sms-uuid={f.uuid}>
                    <td>{dateTime(lang, f.updated_at)}</td>
                    <td>{f.account_id}</td>
                    <th scope="row">{f.phone}</th>
                    <td>{f.status}</td>
                    <td>{f.dlr_code}</td>
                    <td>{f.error ?? ''}</td>
                    <td>{f.connector_id ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label={t('failedMessages')}
            page={messages.page}
            pages={pages(messages)}
            status={t('pageN', { page: messages.page })}
            onGo={setMessagePage}
          />
        </>
      )}

      <h2 id="failed-attempts-title">{t('failedAttempts')}</h2>
      {attempts && attempts.failures.length === 0 && <p>{t('noFailures')}</p>}
      {attempts && attempts.failures.length > 0 && (
        <>
          <div class="table-wrap">
            <table aria-labelledby="failed-attempts-title">
              <thead>
                <tr>
                  <th scope="col">{t('attemptedAt')}</th>
                  <th scope="col">{t('account')}</th>
                  <th scope="col">{t('webhook')}</th>
                  <th scope="col">{t('event')}</th>
                  <th scope="col">{t('httpStatus')}</th>
                  <th scope="col">{t('failureReason')}</th>
                </tr>
              </thead>
              <tbody>
                {attempts.failures.map((f) => (
                  <tr key={f.id} data-attempt-id={f.id}>
                    <td>{dateTime(lang, f.attempted_at)}</td>
                    <td>{f.account_id}</td>
                    <th scope="row">{f.webhook_id ?? t('legacyPush')}</th>
                    <td>{f.event_name}</td>
                    <td>{f.http_status ?? ''}</td>
                    <td>{f.error ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label={t('failedAttempts')}
            page={attempts.page}
            pages={pages(attempts)}
            status={t('pageN', { page: attempts.page })}
            onGo={setAttemptPage}
          />
        </>
      )}
    </section>
  )
}
