import { useEffect, useState } from 'preact/hooks'
import { api } from '../api.js'
import { useI18n } from '../i18n.js'

type Account = { id: number; name: string }

/**
 * A labelled choice of an account (GET /admin/accounts). `first`: an option before the
 * accounts (the default price list), else a dash that chooses none.
 */
export function AccountSelect(p: {
  id: string
  label: string
  value: string
  onValue: (v: string) => void
  onError: (e: unknown) => void
  first?: { value: string; label: string }
}) {
  const { t } = useI18n()
  const [accounts, setAccounts] = useState<Account[]>([])
  useEffect(() => {
    api<{ accounts: Account[] }>('GET', '/admin/accounts')
      .then((r) => setAccounts(r.accounts))
      .catch(p.onError)
  }, [])
  return (
    <div class="field">
      <label for={p.id}>{p.label}</label>
      <select id={p.id} value={p.value} onChange={(e) => p.onValue(e.currentTarget.value)}>
        {p.first ? (
          <option value={p.first.value}>{p.first.label}</option>
        ) : (
          <option value="">–</option>
        )}
        {accounts.map((a) => (
          <option key={a.id} value={String(a.id)}>
            {t('accountOption', { id: a.id, name: a.name })}
          </option>
        ))}
      </select>
    </div>
  )
}
