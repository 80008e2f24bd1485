import { useEffect, useState } from 'preact/hooks'
import { api } from '../api.js'
import type { PageProps } from '../app.js'
import { Field } from '../field.js'
import { dateTime } from '../format.js'
import { useI18n } from '../i18n.js'
import { useRequestState } from '../request-state.js'
import { DeleteButton, ToggleButton } from '../row-actions.js'

type ApiKey = {
  id: number
  name: string
  type: string
  token_hint: string
  is_active: boolean
  ip_allowlist: string[] | null
  last_used_at: number | null
  created_at: number
}
type Created = ApiKey & { token: string; auth_header: string }

const TYPES = ['v2', 'kannel', 'email2sms', 'seven', 'smpp'] as const

/** GET/POST/PATCH/DELETE /api_keys: the key the session uses is listed but cannot be changed. */
export function KeysPage({ onError, currentKeyId }: PageProps & { currentKeyId: number }) {
  const { t, lang } = useI18n()
  const [keys, setKeys] = useState<ApiKey[] | null>(null)
  const [name, setName] = useState('')
  const [type, setType] = useState<string>('v2')
  const [ips, setIps] = useState('')
  const [created, setCreated] = useState<Created | null>(null)
  const { error, busy, fail, run, act, violation } = useRequestState(onError)
  const load = () =>
    api<{ 'hydra:member': ApiKey[] }>('GET', '/api_keys')
      .then((c) => setKeys(c['hydra:member']))
      .catch(fail)
  useEffect(() => void load(), [])

  const create = (e: Event) => {
    e.preventDefault()
    setCreated(null)
    return run(async () => {
      const list = ips
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean)
      const k = await api<Created>('POST', '/api_keys', {
        name: name.trim(),
        type,
        ip_allowlist: list.length > 0 ? list : null,
      })
      setCreated(k)
      setName('')
      setIps('')
      await load()
    })
  }

  const change = (k: ApiKey, action: 'toggle' | 'delete') =>
    act(
      async () => {
        if (action === 'delete') await api('DELETE', `/api_keys/${k.id}`)
        else await api('PATCH', `/api_keys/${k.id}`, { is_active: !k.is_active })
        await load()
      },
      action === 'delete' ? t('confirmDelete', { name: k.name }) : undefined,
    )

  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">{t('keysTitle')}</h1>
      <form class="card" onSubmit={create} noValidate aria-labelledby="create-key-title">
        <h2 id="create-key-title">{t('createKey')}</h2>
        <Field
          label={t('name')}
          name="key_name"
          required
          maxLength={100}
          value={name}
          onValue={setName}
          error={violation('name')}
        />
        <div class="field">
          <label for="field-key-type">{t('type')}</label>
          <select
            id="field-key-type"
            name="key_type"
            value={type}
            onChange={(e) => setType(e.currentTarget.value)}
          >
            {TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {ty}
              </option>
            ))}
          </select>
        </div>
        <Field
          label={t('ipAllowlist')}
          hint={t('ipAllowlistHint')}
          name="ip_allowlist"
          value={ips}
          onValue={setIps}
          error={violation('ip_allowlist')}
        />
        <button type="submit" disabled={busy || name.trim() === ''}>
          {t('createKey')}
        </button>
      </form>
      {created && (
        <div class="card created" role="status">
          <p>{t('tokenOnce', { name: created.name })}</p>
          <p class="token" data-testid="new-token">
            {created.auth_header}
          </p>
        </div>
      )}
      <div role="alert" class="error-box">
        {error}
      </div>
      {!keys && <p role="status">{t('loading')}</p>}
      {keys && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('keysTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('type')}</th>
                <th scope="col">{t('apiKey')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('ipAllowlist')}</th>
                <th scope="col">{t('lastUsed')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id} data-key-id={k.id}>
                  <th scope="row">{k.name}</th>
                  <td>{k.type}</td>
                  <td>
                    <code>{k.token_hint}</code>
                  </td>
                  <td>{k.is_active ? t('active') : t('disabled')}</td>
                  <td>{k.ip_allowlist?.join(', ') ?? '–'}</td>
                  <td>{k.last_used_at ? dateTime(lang, k.last_used_at) : t('never')}</td>
                  <td class="actions">
                    {k.id !== currentKeyId && (
                      <>
                        <ToggleButton
                          what={k.name}
                          active={k.is_active}
                          onToggle={() => change(k, 'toggle')}
                        />
                        <DeleteButton what={k.name} onDelete={() => change(k, 'delete')} />
                      </>
                    )}
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
