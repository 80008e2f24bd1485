import { useEffect, useState } from 'preact/hooks'
import { api, type Collection } from '../api.js'
import type { PageProps } from '../app.js'
import { errorText } from '../errors.js'
import { dateTime } from '../format.js'
import { useI18n } from '../i18n.js'
import type { Webhook } from './webhooks.js'

type Attempt = {
  id: number
  event_id: string
  event_name: string
  attempt_number: number
  attempt_total: number
  attempted_at: number
  ok: boolean
  http_status: number | null
  error: string | null
  latency_ms: number
}

/** GET /webhooks/{id} and its attempts; an event is sent again by POST …/events/{id}/replay. */
export function WebhookPage({ onError, id }: PageProps & { id: string }) {
  const { t, lang } = useI18n()
  const [hook, setHook] = useState<Webhook | null>(null)
  const [attempts, setAttempts] = useState<Attempt[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const fail = (e: unknown) => onError(e) || setError(errorText(t, e))
  const load = () =>
    Promise.all([
      api<Webhook>('GET', `/webhooks/${encodeURIComponent(id)}`),
      api<Collection<Attempt>>('GET', `/webhooks/${encodeURIComponent(id)}/attempts`),
    ])
      .then(([h, a]) => {
        setHook(h)
        setAttempts(a['hydra:member'])
      })
      .catch(fail)
  useEffect(() => void load(), [id])

  async function replay(a: Attempt) {
    setNotice(null)
    setError(null)
    try {
      await api('POST', `/webhooks/${encodeURIComponent(id)}/events/${a.event_id}/replay`)
      setNotice(t('replayed', { id: a.event_id }))
      await load()
    } catch (e) {
      fail(e)
    }
  }

  return (
    <section aria-labelledby="webhook-title">
      <p>
        <a href="#/webhooks">← {t('backToWebhooks')}</a>
      </p>
      <h1 id="webhook-title">{t('attemptsTitle', { id })}</h1>
      {hook && (
        <dl class="stats">
          <dt>{t('uri')}</dt>
          <dd>{hook.uri}</dd>
          <dt>{t('secret')}</dt>
          <dd>
            <code>{hook.secret}</code>
          </dd>
        </dl>
      )}
      {error && (
        <p role="alert" class="error-box">
          {error}
        </p>
      )}
      <p role="status" class="success">
        {notice}
      </p>
      {!attempts && !error && <p>{t('loading')}</p>}
      {attempts && attempts.length === 0 && <p>{t('noAttempts')}</p>}
      {attempts && attempts.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('attempts')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('attemptedAt')}</th>
                <th scope="col">{t('event')}</th>
                <th scope="col">{t('result')}</th>
                <th scope="col">{t('latency')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((a) => (
                <tr key={a.id}>
                  <td>{dateTime(lang, a.attempted_at)}</td>
                  <td>
                    {a.event_name} <small>#{a.attempt_number}</small>
                  </td>
                  <td>
                    <span class={`badge ${a.ok ? 'dlr-1' : 'dlr-16'}`}>
                      {a.ok ? t('ok') : t('failed')}
                    </span>{' '}
                    {a.http_status ?? a.error ?? ''}
                  </td>
                  <td>{a.latency_ms} ms</td>
                  <td>
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => replay(a)}
                      aria-label={`${t('replay')}: ${a.event_name} ${a.event_id}`}
                    >
                      {t('replay')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
