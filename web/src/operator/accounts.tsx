import { useEffect, useState } from 'preact/hooks'
import { api } from '../api.js'
import type { PageProps } from '../app.js'
import { Field } from '../field.js'
import { useI18n } from '../i18n.js'
import { useRequestState } from '../request-state.js'

type Account = {
  id: number
  name: string
  country: string | null
  currency: string
  balance: string
  status: string
}

/** GET/POST /admin/accounts and POST /admin/accounts/{id}/topups. */
export function AccountsPage({ onError }: PageProps) {
  const { t } = useI18n()
  const [accounts, setAccounts] = useState<Account[] | null>(null)
  const [name, setName] = useState('')
  const [country, setCountry] = useState('')
  const [target, setTarget] = useState('')
  const [amount, setAmount] = useState('')
  const [done, setDone] = useState<string | null>(null)
  const { error, busy, fail, run, violation } = useRequestState(onError)
  const load = () =>
    api<{ accounts: Account[] }>('GET', '/admin/accounts')
      .then((r) => setAccounts(r.accounts))
      .catch(fail)
  useEffect(() => void load(), [])

  const create = (e: Event) => {
    e.preventDefault()
    setDone(null)
    return run(async () => {
      const c = country.trim().toUpperCase()
      const a = await api<Account>('POST', '/admin/accounts', {
        name: name.trim(),
        country: c === '' ? null : c,
      })
      setDone(t('accountCreated', { id: a.id }))
      setName('')
      setCountry('')
      setTarget(String(a.id))
      await load()
    })
  }

  const topUp = (e: Event) => {
    e.preventDefault()
    setDone(null)
    return run(async () => {
      const a = await api<Account>('POST', `/admin/accounts/${target}/topups`, {
        amount: amount.trim(),
      })
      setDone(t('toppedUp', { id: a.id, balance: `${a.balance} ${a.currency}` }))
      setAmount('')
      await load()
    })
  }

  return (
    <section aria-labelledby="accounts-title">
      <h1 id="accounts-title">{t('accountsTitle')}</h1>
      <div class="tiles">
        <form class="card" onSubmit={create} noValidate aria-labelledby="create-account-title">
          <h2 id="create-account-title">{t('createAccount')}</h2>
          <Field
            label={t('name')}
            name="account_name"
            required
            maxLength={100}
            value={name}
            onValue={setName}
            error={violation('name')}
          />
          <Field
            label={t('country')}
            hint={t('countryHint')}
            name="account_country"
            maxLength={2}
            value={country}
            onValue={setCountry}
            error={violation('country')}
          />
          <button type="submit" disabled={busy || name.trim() === ''}>
            {t('createAccount')}
          </button>
        </form>
        <form class="card" onSubmit={topUp} noValidate aria-labelledby="topup-title">
          <h2 id="topup-title">{t('topUpTitle')}</h2>
          <div class="field">
            <label for="field-topup-account">{t('account')}</label>
            <select
              id="field-topup-account"
              name="topup_account"
              value={target}
              onChange={(e) => setTarget(e.currentTarget.value)}
            >
              <option value="">–</option>
              {(accounts ?? []).map((a) => (
                <option key={a.id} value={String(a.id)}>
                  {a.id} · {a.name}
                </option>
              ))}
            </select>
          </div>
          <Field
            label={t('amount')}
            hint={t('amountHint')}
            name="topup_amount"
            inputMode="text"
            value={amount}
            onValue={setAmount}
            error={violation('amount')}
          />
          <button type="submit" disabled={busy || target === '' || amount.trim() === ''}>
            {t('topUp')}
          </button>
        </form>
      </div>
      {done && (
        <p class="notice" role="status">
          {done}
        </p>
      )}
      <div role="alert" class="error-box">
        {error}
      </div>
      {!accounts && <p role="status">{t('loading')}</p>}
      {accounts && accounts.length === 0 && <p>{t('noAccounts')}</p>}
      {accounts && accounts.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('accountsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('country')}</th>
                <th scope="col">{t('balance')}</th>
                <th scope="col">{t('status')}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.id} data-account-id={a.id}>
                  <td>{a.id}</td>
                  <th scope="row">{a.name}</th>
                  <td>{a.country ?? ''}</td>
                  <td data-testid="account-balance">
                    {a.balance} {a.currency}
                  </td>
                  <td>{a.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
