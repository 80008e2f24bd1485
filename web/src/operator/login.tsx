import { useState } from 'preact/hooks'
import { api, ApiError } from '../api.js'
import { errorText } from '../errors.js'
import { useI18n } from '../i18n.js'
import { Field } from '../field.js'
import { LoginCard } from '../login-card.js'

export type OperatorSession = { csrf_token: string; expires_at: number }

/** POST /operator/session with the admin token. */
export function OperatorLoginPage(props: {
  notice: string | null
  onLogin: (s: OperatorSession) => void
}) {
  const { t } = useI18n()
  const [token, setToken] = useState('')

  async function submit(): Promise<string | null> {
    try {
      props.onLogin(
        await api<OperatorSession>('POST', '/operator/session', { token: token.trim() }),
      )
      return null
    } catch (err) {
      if (err instanceof ApiError) {
        if (err.status === 401 || err.status === 422) return t('wrongOperatorToken')
        if (err.status === 429) return t('tooManyAttempts')
      }
      return errorText(t, err)
    }
  }

  return (
    <LoginCard
      id="operator-login-title"
      title={t('operatorTitle')}
      intro={t('operatorIntro')}
      notice={props.notice}
      submit={submit}
      other={{ href: '#/', label: t('customerLogin') }}
    >
      <Field
        label={t('operatorToken')}
        name="operator_token"
        type="password"
        autoComplete="current-password"
        required
        value={token}
        onValue={setToken}
      />
    </LoginCard>
  )
}
