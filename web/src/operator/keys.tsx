import { useMemo, useState } from 'preact/hooks'
import { api } from '../api.js'
import type { PageProps } from '../app.js'
import { useI18n } from '../i18n.js'
import { KeyManager, type ApiKey, type Created, type KeySource } from '../key-manager.js'
import { useRequestState } from '../request-state.js'
import { AccountSelect } from './account-select.js'

/** An account's API keys through /admin/accounts/{id}/keys and /admin/keys/{id}. */
export function OperatorKeysPage({ onError }: PageProps) {
  const { t } = useI18n()
  const [account, setAccount] = useState('')
  const { error, fail } = useRequestState(onError)
  const source = useMemo<KeySource | null>(
    () =>
      account === ''
        ? null
        : {
            list: () =>
              api<{ keys: ApiKey[] }>('GET', `/admin/accounts/${account}/keys`).then((r) => r.keys),
            create: (body) => api<Created>('POST', `/admin/accounts/${account}/keys`, body),
            setActive: (k, active) => api('PATCH', `/admin/keys/${k.id}`, { is_active: active }),
            remove: (k) => api('DELETE', `/admin/keys/${k.id}`),
          },
    [account],
  )
  return (
    <section aria-labelledby="operator-keys-title">
      <h1 id="operator-keys-title">{t('keysTitle')}</h1>
      <AccountSelect
        id="field-keys-account"
        label={t('account')}
        value={account}
        onValue={setAccount}
        onError={fail}
      />
      <div role="alert" class="error-box">
        {error}
      </div>
      {source === null ? (
        <p>{t('chooseAccount')}</p>
      ) : (
        <KeyManager key={account} onError={onError} source={source} />
      )}
    </section>
  )
}
