import { useEffect, useState } from 'preact/hooks'
import { EVENT_NAMES } from '../../../src/events/event-types.js'
import { api, ApiError, type Collection, type Violation } from '../api.js'
import type { PageProps } from '../app.js'
import { errorText } from '../errors.js'
import { Field } from '../field.js'
import { useI18n } from '../i18n.js'

export type Webhook = {
  id: number
  uri: string
  events: string[]
  is_active: boolean
  secret: string
  failing_since: number | null
  failed_events: number
  disabled_reason: string | null
}

/** GET/POST/PATCH/DELETE /webhooks: where the account's events go. */
export function WebhooksPage({ onError }: PageProps) {
  const { t } = useI18n()
  const [hooks, setHooks] = useState<Webhook[] | null>(null)
  const [uri, setUri] = useState('')
  const [events, setEvents] = useState<string[]>([])
  const [error, setError] = useState<string | null>(null)
  const [violations, setViolations] = useState<Violation[]>([])
  const [busy, setBusy] = useState(false)

  const fail = (e: unknown) => {
    if (onError(e)) return
    setViolations(e instanceof ApiError ? e.violations : [])
    setError(errorText(t, e))
  }
  const load = () =>
    api<Collection<Webhook>>('GET', '/webhooks')
      .then((c) => setHooks(c['hydra:member']))
      .catch(fail)
  useEffect(() => void load(), [])

  async function create(e: Event) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    setViolations([])
    try {
      await api('POST', '/webhooks', { uri: uri.trim(), events })
      setUri('')
      setEvents([])
      await load()
    } catch (err) {
      fail(err)
    } finally {
      setBusy(false)
    }
  }

  async function change(h: Webhook, action: 'toggle' | 'delete') {
    setError(null)
    if (action === 'delete' && !confirm(t('confirmDeleteWebhook', { uri: h.uri }))) return
    try {
      if (action === 'delete') await api('DELETE', `/webhooks/${h.id}`)
      else await api('PATCH', `/webhooks/${h.id}`, { is_active: !h.is_active })
      await load()
    } catch (err) {
      fail(err)
    }
  }

  const toggleEvent = (name: string) =>
    setEvents(events.includes(name) ? events.filter((e) => e !== name) : [...events, name])

  return (
    <section aria-labelledby="webhooks-title">
      <h1 id="webhooks-title">{t('webhooksTitle')}</h1>
      <form class="card" onSubmit={create} noValidate aria-labelledby="create-webhook-title">
        <h2 id="create-webhook-title">{t('createWebhook')}</h2>
        <Field
          label={t('uri')}
          hint={t('uriHint')}
          name="uri"
          type="text"
          required
          value={uri}
          onValue={setUri}
          error={violations.find((v) => v.propertyPath === 'uri')?.message}
        />
        <fieldset class="checks">
          <legend>{t('events')}</legend>
          {EVENT_NAMES.map((name) => (
            <label key={name} class="check">
              <input
                type="checkbox"
                name="events"
                value={name}
                checked={events.includes(name)}
                onChange={() => toggleEvent(name)}
              />
              {name}
            </label>
          ))}
          <small class="hint">{t('eventsHint')}</small>
        </fieldset>
        <button type="submit" disabled={busy || uri.trim() === ''}>
          {t('createWebhook')}
        </button>
      </form>
      <div role="alert" class="error-box">
        {error}
      </div>
      {!hooks && <p role="status">{t('loading')}</p>}
      {hooks && hooks.length === 0 && <p>{t('noWebhooks')}</p>}
      {hooks && hooks.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('webhooksTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('uri')}</th>
                <th scope="col">{t('events')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('failedEvents')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {hooks.map((h) => (
                <tr key={h.id}>
                  <th scope="row" class="text-cell">
                    {h.uri}
                  </th>
                  <td>{h.events.length === 0 ? t('any') : h.events.join(', ')}</td>
                  <td>
                    {h.is_active ? t('active') : t('disabled')}
                    {h.failing_since !== null && ` · ${t('failing')}`}
                  </td>
                  <td>{h.failed_events}</td>
                  <td class="actions">
                    <a href={`#/webhooks/${h.id}`} aria-label={`${t('showAttempts')}: ${h.uri}`}>
                      {t('showAttempts')}
                    </a>
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => change(h, 'toggle')}
                      aria-label={`${h.is_active ? t('disable') : t('enable')}: ${h.uri}`}
                    >
                      {h.is_active ? t('disable') : t('enable')}
                    </button>
                    <button
                      type="button"
                      class="danger"
                      onClick={() => change(h, 'delete')}
                      aria-label={`${t('delete')}: ${h.uri}`}
                    >
                      {t('delete')}
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
