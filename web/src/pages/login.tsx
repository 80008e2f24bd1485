import { useState } from 'preact/hooks'
import { api, ApiError, type Session } from '../api.js'
import { errorText } from '../errors.js'
import { useI18n } from '../i18n.js'
import { Field } from '../field.js'

export function LoginPage(props: { notice: string | null; onLogin: (s: Session) => void }) {
  const { t } = useI18n()
  const [userId, setUserId] = useState('')
  const [key, setKey] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function submit(e: Event) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      // A pasted `<user_id>:<token>` (the X-LOX24-AUTH-TOKEN form) fills both fields.
      const colon = key.indexOf(':')
      const [u, k] =
        userId.trim() === '' && colon > 0
          ? [key.slice(0, colon), key.slice(colon + 1)]
          : [userId, key]
      props.onLogin(await api<Session>('POST', '/session', { user_id: u.trim(), key: k.trim() }))
    } catch (err) {
      setError(loginError(err))
    } finally {
      setBusy(false)
    }
  }

  function loginError(err: unknown): string {
    if (err instanceof ApiError) {
      if (err.status === 401 || err.status === 422) return t('wrongCredentials')
      if (err.status === 429) return t('tooManyAttempts')
      if (err.code === 'KEY_INACTIVE') return t('keyInactive')
    }
    return errorText(t, err)
  }

  return (
    <section class="card narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t('loginTitle')}</h1>
      <p>{t('loginIntro')}</p>
      {props.notice && <p class="notice">{props.notice}</p>}
      <form onSubmit={submit} noValidate>
        <Field
          label={t('userId')}
          name="user_id"
          inputMode="numeric"
          autoComplete="username"
          value={userId}
          onValue={setUserId}
        />
        <Field
          label={t('apiKey')}
          name="key"
          type="password"
          autoComplete="current-password"
          required
          value={key}
          onValue={setKey}
        />
        <div role="alert" class="error-box">
          {error}
        </div>
        <button type="submit" disabled={busy}>
          {busy ? t('loggingIn') : t('logIn')}
        </button>
      </form>
      <p>
        <a href="#/operator">{t('operatorLogin')}</a>
      </p>
    </section>
  )
}
