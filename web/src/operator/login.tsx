import { useState } from 'preact/hooks'
import { api, ApiError } from '../api.js'
import { errorText } from '../errors.js'
import { useI18n } from '../i18n.js'
import { Field } from '../field.js'

export type OperatorSession = { csrf_token: string; expires_at: number }

/** POST /operator/session with the admin token. */
export function OperatorLoginPage(props: {
  notice: string | null
  onLogin: (s: OperatorSession) => void
}) {
  const { t } = useI18n()
  const [token, setToken] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function submit(e: Event) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      props.onLogin(
        await api<OperatorSession>('POST', '/operator/session', { token: token.trim() }),
      )
    } catch (err) {
      setError(loginError(err))
    } finally {
      setBusy(false)
    }
  }

  function loginError(err: unknown): string {
    if (err instanceof ApiError) {
      if (err.status === 401 || err.status === 422) return t('wrongOperatorToken')
      if (err.status === 429) return t('tooManyAttempts')
    }
    return errorText(t, err)
  }

  return (
    <section class="card narrow" aria-labelledby="operator-login-title">
      <h1 id="operator-login-title">{t('operatorTitle')}</h1>
      <p>{t('operatorIntro')}</p>
      {props.notice && <p class="notice">{props.notice}</p>}
      <form onSubmit={submit} noValidate>
        <Field
          label={t('operatorToken')}
          name="operator_token"
          type="password"
          autoComplete="current-password"
          required
          value={token}
          onValue={setToken}
        />
        <div role="alert" class="error-box">
          {error}
        </div>
        <button type="submit" disabled={busy}>
          {busy ? t('loggingIn') : t('logIn')}
        </button>
      </form>
      <p>
        <a href="#/">{t('customerLogin')}</a>
      </p>
    </section>
  )
}
