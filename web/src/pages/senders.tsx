import { useEffect, useState } from 'preact/hooks'
import { api, ApiError, type Collection, type Violation } from '../api.js'
import type { PageProps } from '../app.js'
import { errorText } from '../errors.js'
import { Field } from '../field.js'
import { dateTime } from '../format.js'
import { useI18n } from '../i18n.js'
import { DeleteButton } from '../row-actions.js'

type SenderNumber = {
  id: number
  number: string
  status: string
  verified_at: number | null
  code_expires_at: number | null
  attempts_left: number
}

/** /sender-numbers: numeric sender ids, verified by a code sent to them. */
export function SendersPage({ onError }: PageProps) {
  const { t, lang } = useI18n()
  const [numbers, setNumbers] = useState<SenderNumber[] | null>(null)
  const [number, setNumber] = useState('')
  const [codes, setCodes] = useState<Record<number, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [violations, setViolations] = useState<Violation[]>([])

  const fail = (e: unknown) => {
    if (onError(e)) return
    setViolations(e instanceof ApiError ? e.violations : [])
    setError(errorText(t, e))
  }
  const load = () =>
    api<Collection<SenderNumber>>('GET', '/sender-numbers')
      .then((c) => setNumbers(c['hydra:member']))
      .catch(fail)
  useEffect(() => void load(), [])

  async function run(action: () => Promise<unknown>, done?: string) {
    setError(null)
    setNotice(null)
    setViolations([])
    try {
      await action()
      if (done) setNotice(done)
      await load()
    } catch (e) {
      fail(e)
    }
  }

  const add = (e: Event) => {
    e.preventDefault()
    void run(async () => {
      await api('POST', '/sender-numbers', { number: number.trim() })
      setNumber('')
    })
  }

  return (
    <section aria-labelledby="senders-title">
      <h1 id="senders-title">{t('sendersTitle')}</h1>
      <p>{t('sendersIntro')}</p>
      <form class="card" onSubmit={add} noValidate aria-labelledby="add-number-title">
        <h2 id="add-number-title">{t('addNumber')}</h2>
        <Field
          label={t('number')}
          hint={t('phoneHint')}
          name="sender_number"
          type="tel"
          value={number}
          onValue={setNumber}
          error={violations.find((v) => v.propertyPath === 'number')?.message}
        />
        <button type="submit" disabled={number.trim() === ''}>
          {t('addNumber')}
        </button>
      </form>
      <div role="alert" class="error-box">
        {error}
      </div>
      <p role="status" class="success">
        {notice}
      </p>
      {!numbers && <p>{t('loading')}</p>}
      {numbers && numbers.length === 0 && <p>{t('noSenders')}</p>}
      {numbers && numbers.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('sendersTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('number')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {numbers.map((n) => (
                <tr key={n.id}>
                  <th scope="row">{n.number}</th>
                  <td>
                    {n.status === 'verified'
                      ? `${t('verifiedStatus')} ${n.verified_at ? dateTime(lang, n.verified_at) : ''}`
                      : t('pendingStatus')}
                  </td>
                  <td class="actions">
                    {n.status !== 'verified' && (
                      <form
                        class="inline"
                        onSubmit={(e) => {
                          e.preventDefault()
                          void run(() =>
                            api('POST', `/sender-numbers/${n.id}/verify`, {
                              code: (codes[n.id] ?? '').trim(),
                            }),
                          )
                        }}
                      >
                        <label for={`code-${n.id}`} class="visually-hidden">
                          {`${t('verifyCode')}: ${n.number}`}
                        </label>
                        <input
                          id={`code-${n.id}`}
                          inputMode="numeric"
                          autoComplete="one-time-code"
                          size={8}
                          value={codes[n.id] ?? ''}
                          onInput={(e) => setCodes({ ...codes, [n.id]: e.currentTarget.value })}
                        />
                        <button type="submit">{t('verify')}</button>
                        <button
                          type="button"
                          class="secondary"
                          onClick={() =>
                            run(
                              () => api('POST', `/sender-numbers/${n.id}/code`),
                              t('codeSent', { number: n.number }),
                            )
                          }
                        >
                          {t('resendCode')}
                        </button>
                      </form>
                    )}
                    <DeleteButton
                      what={n.number}
                      onDelete={() => run(() => api('DELETE', `/sender-numbers/${n.id}`))}
                    />
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
