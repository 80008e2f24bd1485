import { useMemo } from 'preact/hooks'
import { api } from '../api.js'
import type { PageProps } from '../app.js'
import { useI18n } from '../i18n.js'
import { KeyManager, type ApiKey, type Created, type KeySource } from '../key-manager.js'

/** GET/POST/PATCH/DELETE /api_keys: the key the session uses is listed but cannot be changed. */
export function KeysPage({ onError, currentKeyId }: PageProps & { currentKeyId: number }) {
  const { t } = useI18n()
  const source = useMemo<KeySource>(
    () => ({
      list: () =>
        api<{ 'hydra:member': ApiKey[] }>('GET', '/api_keys').then((c) => c['hydra:member']),
      create: (body) => api<Created>('POST', '/api_keys', body),
      setActive: (k, active) => api('PATCH', `/api_keys/${k.id}`, { is_active: active }),
      remove: (k) => api('DELETE', `/api_keys/${k.id}`),
    }),
    [],
  )
  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">{t('keysTitle')}</h1>
      <KeyManager onError={onError} source={source} lockedKeyId={currentKeyId} />
    </section>
  )
}
