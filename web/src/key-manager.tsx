import { useEffect, useState } from 'preact/hooks'
import type { PageProps } from './app.js'
import { Field } from './field.js'
import { dateTime } from './format.js'
import { useI18n } from './i18n.js'
import { useRequestState } from './request-state.js'
import { DeleteButton, ToggleButton } from './row-actions.js'

export type ApiKey = {
  id: number
  name: string
  type: string
  token_hint: string
  is_active: boolean
  ip_allowlist: string[] | null
  last_used_at: number | null
  created_at: number
}
export type Created = ApiKey & { token: string; auth_header: string }

const TYPES = ['v2', 'kannel', 'email2sms', 'seven', 'smpp'] as const

/** Where a key list reads and writes: the customer's own keys, or an account's as the operator. */
export type KeySource = {
  list(): Promise<ApiKey[]>
  create(body: { name: string; type: string; ip_allowlist: string[] | null }): Promise<Created>
  setActive(k: ApiKey, active: boolean): Promise<void>
  remove(k: ApiKey): Promise<void>
}

/**
 * A key list with its creation form (the token shown once), enable/disable and delete. The key
 * `lockedKeyId` (the one the session uses) is listed but has no buttons.
 */
export function KeyManager({
  onError,
  source,
  lockedKeyId,
}: PageProps & { source: KeySource; lockedKeyId?: number }) {
  const { t, lang } = useI18n()
  const [keys, setKeys] = useState<ApiKey[] | null>(null)
  const [name, setName] = useState('')
  const [type, setType] = useState<string>('v2')
  const [ips, setIps] = useState('')
  const [created, setCreated] = useState<Created | null>(null)
  const { error, busy, fail, run, act, violation } = useRequestState(onError)
  const load = () => source.list().then(setKeys).catch(fail)
  useEffect(() => {
    setKeys(null)
    setCreated(null)
    void load()
  }, [source])

  const create = (e: Event) => {
    e.preventDefault()
    setCreated(null)
    return run(async () => {
      const list = ips
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean)
      const k = await source.create({
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
        if (action === 'delete') await source.remove(k)
        else await source.setActive(k, !k.is_active)
        await load()
      },
      action === 'delete' ? t('confirmDelete', { name: k.name }) : undefined,
    )

  return (
    <>
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
                    {k.id !== lockedKeyId && (
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
    </>
  )
}
