import { useEffect, useState } from 'preact/hooks'
import { EVENT_NAMES } from '../../../src/events/event-types.js'
import { api, type Collection } from '../api.js'
import type { PageProps } from '../app.js'
import { Field } from '../field.js'
import { useI18n } from '../i18n.js'
import { useRequestState } from '../request-state.js'
import { DeleteButton, ToggleButton } from '../row-actions.js'

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
  const { error, busy, fail, run, act, violation } = useRequestState(onError)

  const load = () =>
    api<Collection<Webhook>>('GET', '/webhooks')
      .then((c) => setHooks(c['hydra:member']))
      .catch(fail)
  useEffect(() => void load(), [])

  const create = (e: Event) => {
    e.preventDefault()
    return run(async () => {
      await api('POST', '/webhooks', { uri: uri.trim(), events })
      setUri('')
      setEvents([])
      await load()
    })
  }

  const change = (h: Webhook, action: 'toggle' | 'delete') =>
    act(
      async () => {
        if (action === 'delete') await api('DELETE', `/webhooks/${h.id}`)
        else await api('PATCH', `/webhooks/${h.id}`, { is_active: !h.is_active })
        await load()
      },
      action === 'delete' ? t('confirmDeleteWebhook', { uri: h.uri }) : undefined,
    )

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
          error={violation('uri')}
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
                    <ToggleButton
                      what={h.uri}
                      active={h.is_active}
                      onToggle={() => change(h, 'toggle')}
                    />
                    <DeleteButton what={h.uri} onDelete={() => change(h, 'delete')} />
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
