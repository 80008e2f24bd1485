import { useState } from 'preact/hooks'
import { api, ApiError, type Session } from '../api.js'
import { errorText } from '../errors.js'
import { useI18n } from '../i18n.js'
import { Field } from '../field.js'
import { LoginCard } from '../login-card.js'

/** POST /session with a user id and an API key of type v2. */
export function LoginPage(props: { notice: string | null; onLogin: (s: Session) => void }) {
  const { t } = useI18n()
  const [userId, setUserId] = useState('')
  const [key, setKey] = useState('')

  async function submit(): Promise<string | null> {
    try {
      // A pasted `<user_id>:<token>` (the X-LOX24-AUTH-TOKEN form) fills both fields.
      const colon = key.indexOf(':')
      const [u, k] =
        userId.trim() === '' && colon > 0
          ? [key.slice(0, colon), key.slice(colon + 1)]
          : [userId, key]
      props.onLogin(await api<Session>('POST', '/session', { user_id: u.trim(), key: k.trim() }))
      return null
    } catch (err) {
      return loginError(err)
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
    <LoginCard
      id="login-title"
      title={t('loginTitle')}
      intro={t('loginIntro')}
      notice={props.notice}
      submit={submit}
      other={{ href: '#/operator', label: t('operatorLogin') }}
    >
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
    </LoginCard>
  )
}
