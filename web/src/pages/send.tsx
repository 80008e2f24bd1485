import { useEffect, useMemo, useState } from 'preact/hooks'
import { analyzeText } from '../../../src/domain/encoding/segments.js'
import { api, ApiError, type Violation } from '../api.js'
import type { PageProps } from '../app.js'
import type { Sms } from '../dlr.js'
import { errorText } from '../errors.js'
import { Field } from '../field.js'
import { money } from '../format.js'
import { useI18n } from '../i18n.js'

type Dryrun = { price: number }
type Me = { currency: string }

/**
 * One SMS. Characters and parts are counted as they are typed, by the gateway's own counting
 * code (domain/encoding/segments.ts, bundled); the price comes from POST /sms/dryrun, which
 * applies the account's price list to the recipient.
 */
export function SendPage({ onError, query: q }: PageProps & { query: string }) {
  const { t, lang } = useI18n()
  // A reply (from the inbox) names the recipient in the address: #/send?to=%2B49…
  const [phone, setPhone] = useState(() => new URLSearchParams(q).get('to') ?? '')
  const [sender, setSender] = useState('')
  const [text, setText] = useState('')
  const [price, setPrice] = useState<number | null>(null)
  const [currency, setCurrency] = useState('EUR')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [violations, setViolations] = useState<Violation[]>([])
  const [sent, setSent] = useState<Sms | null>(null)

  const analysis = useMemo(() => (text === '' ? null : analyzeText(text, null)), [text])

  useEffect(() => {
    api<Me>('GET', '/me')
      .then((m) => setCurrency(m.currency))
      .catch((e) => onError(e))
  }, [])

  // The price of what is typed, once typing pauses: a dry run sends nothing.
  useEffect(() => {
    setPrice(null)
    if (!analysis?.ok || phone.trim() === '' || sender.trim() === '') return
    const timer = setTimeout(() => {
      api<Dryrun>('POST', '/sms/dryrun', body())
        .then((d) => setPrice(d.price))
        .catch((e) => onError(e))
    }, 400)
    return () => clearTimeout(timer)
  }, [text, phone, sender])

  function body() {
    return { phone: phone.trim(), sender_id: sender.trim(), text }
  }

  async function submit(e: Event) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    setViolations([])
    setSent(null)
    try {
      setSent(await api<Sms>('POST', '/sms', body()))
      setText('')
    } catch (err) {
      if (onError(err)) return
      if (err instanceof ApiError && err.violations.length > 0) setViolations(err.violations)
      setError(errorText(t, err))
    } finally {
      setBusy(false)
    }
  }

  const fieldError = (name: string) =>
    violations.find((v) => v.propertyPath === name)?.message ?? null
  const textProblem =
    analysis && !analysis.ok
      ? analysis.error.code === 'TEXT_TOO_LONG'
        ? t('textTooLong', { count: analysis.error.charsCount, max: analysis.error.max })
        : analysis.error.code === 'TEXT_EMPTY'
          ? t('textEmpty')
          : null
      : null

  return (
    <section aria-labelledby="send-title">
      <h1 id="send-title">{t('navSend')}</h1>
      <form class="card" onSubmit={submit} noValidate>
        <Field
          label={t('phone')}
          hint={t('phoneHint')}
          error={fieldError('phone')}
          name="phone"
          type="tel"
          autoComplete="off"
          value={phone}
          onValue={setPhone}
        />
        <Field
          label={t('senderId')}
          hint={t('senderHint')}
          error={fieldError('sender_id')}
          name="sender_id"
          maxLength={15}
          value={sender}
          onValue={setSender}
        />
        <Field
          label={t('text')}
          error={fieldError('text') ?? textProblem}
          name="text"
          rows={5}
          value={text}
          onValue={setText}
        />
        <dl class="counter" aria-live="polite" data-testid="counter">
          <dt>{t('encoding')}</dt>
          <dd data-testid="encoding">
            {analysis?.ok
              ? analysis.value.encoding === 'gsm7'
                ? 'GSM 03.38'
                : 'Unicode (UCS-2)'
              : '–'}
          </dd>
          <dt>{t('characters')}</dt>
          <dd data-testid="chars">
            {analysis?.ok
              ? analysis.value.charsCount
              : analysis
                ? analysis.error.code === 'TEXT_TOO_LONG'
                  ? analysis.error.charsCount
                  : 0
                : 0}
          </dd>
          <dt>{t('parts')}</dt>
          <dd data-testid="parts">{analysis?.ok ? analysis.value.partsCount : 0}</dd>
          <dt>{t('price')}</dt>
          <dd data-testid="price">
            {price === null ? t('priceUnknown') : money(lang, price, currency)}
          </dd>
        </dl>
        <div role="alert" class="error-box">
          {error}
        </div>
        <button type="submit" disabled={busy || !analysis?.ok}>
          {busy ? t('sending') : t('send')}
        </button>
      </form>
      {sent && (
        <p role="status" class="success">
          {t('sent')} <a href={`#/messages/${sent.uuid}`}>{t('showMessage')}</a>
        </p>
      )}
    </section>
  )
}
