import { useEffect, useState } from 'preact/hooks'
import { api, type Collection } from '../api.js'
import { dateTime } from '../format.js'
import { useI18n } from '../i18n.js'
import { Pager } from '../pager.js'

/** One attempt of GET /sms/{uuid}/attempts. */
export type SmsAttempt = {
  id: number
  attempted_at: number
  webhook_id: number | null
  url: string
  event_id: string
  event_name: string
  attempt_number: number
  attempt_total: number
  ok: boolean
  http_status: number | null
  error: string | null
  latency_ms: number
  next_retry_at: number | null
}

/** The webhook attempts of one message, a page at a time, below its delivery history. */
export function MessageAttempts(p: { uuid: string; onError: (e: unknown) => void }) {
  const { t, lang } = useI18n()
  const [page, setPage] = useState(1)
  const [list, setList] = useState<Collection<SmsAttempt> | null>(null)

  useEffect(() => setPage(1), [p.uuid])
  useEffect(() => {
    api<Collection<SmsAttempt>>(
      'GET',
      `/sms/${encodeURIComponent(p.uuid)}/attempts${page > 1 ? `?page=${page}` : ''}`,
    )
      .then(setList)
      .catch(p.onError)
  }, [p.uuid, page])

  if (!list) return null
  const attempts = list['hydra:member']
  const total = list['hydra:totalItems']
  const pages = Math.max(1, Math.ceil(total / 30))
  return (
    <>
      <h2 id="attempts-title">{t('webhookAttempts')}</h2>
      {attempts.length === 0 ? (
        <p>{t('noMessageAttempts')}</p>
      ) : (
        <div class="table-wrap">
          <table aria-labelledby="attempts-title" data-testid="webhook-attempts">
            <thead>
              <tr>
                <th scope="col">{t('attemptedAt')}</th>
                <th scope="col">{t('webhookTarget')}</th>
                <th scope="col">{t('event')}</th>
                <th scope="col">{t('result')}</th>
                <th scope="col">{t('duration')}</th>
                <th scope="col">{t('nextRetry')}</th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((a) => (
                <tr key={a.id}>
                  <td>{dateTime(lang, a.attempted_at)}</td>
                  <td>
                    {a.webhook_id === null ? (
                      a.url
                    ) : (
                      <a href={`#/webhooks/${a.webhook_id}`}>
                        #{a.webhook_id} {a.url}
                      </a>
                    )}
                  </td>
                  <td>
                    {a.event_name}{' '}
                    <small>{t('attemptOf', { n: a.attempt_number, total: a.attempt_total })}</small>
                  </td>
                  <th scope="row">
                    <span class={`badge ${a.ok ? 'dlr-1' : 'dlr-16'}`}>
                      {a.ok ? t('ok') : t('failed')}
                    </span>{' '}
                    {a.http_status === null ? (a.error ?? '') : `HTTP ${a.http_status}`}
                  </th>
                  <td>{a.latency_ms} ms</td>
                  <td>{a.next_retry_at === null ? '–' : dateTime(lang, a.next_retry_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <Pager
          label={t('webhookAttempts')}
          page={page}
          pages={pages}
          status={t('attemptsPage', { page, pages, total })}
          onGo={setPage}
        />
      )}
    </>
  )
}
