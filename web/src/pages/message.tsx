import { useEffect, useState } from 'preact/hooks'
import { api } from '../api.js'
import type { PageProps } from '../app.js'
import { dlrLabel, type Sms } from '../dlr.js'
import { errorText } from '../errors.js'
import { dateTime } from '../format.js'
import { useI18n } from '../i18n.js'

/** GET /sms/{uuid}: every field of one message. */
export function MessagePage({ onError, id }: PageProps & { id: string }) {
  const { t, lang } = useI18n()
  const [sms, setSms] = useState<Sms | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    setSms(null)
    api<Sms>('GET', `/sms/${encodeURIComponent(id)}`)
      .then(setSms)
      .catch((e) => onError(e) || setError(errorText(t, e)))
  }, [id])

  const rows: [string, string][] = sms
    ? [
        ['uuid', sms.uuid],
        [t('phone'), sms.phone],
        [t('senderId'), sms.sender_id],
        [t('text'), sms.text],
        [t('dlr'), `${t(dlrLabel(sms.dlr_code))} (dlr_code ${sms.dlr_code})`],
        ['status_code', `${sms.status_code} (${sms.status_reason})`],
        [t('encoding'), sms.is_unicode ? 'Unicode (UCS-2)' : 'GSM 03.38'],
        [t('characters'), String(sms.chars_count)],
        [t('parts'), String(sms.parts_count)],
        [t('price'), String(sms.price)],
        [t('created'), dateTime(lang, sms.created_at)],
        ['gateway_sent_at', dateTime(lang, sms.gateway_sent_at)],
        ['delivery_at', dateTime(lang, sms.delivery_at)],
        ['iso2', sms.iso2 ?? '–'],
        ['service_code', sms.service_code],
        ['callback_data', sms.callback_data ?? '–'],
        ['key_id', sms.key_id === null ? '–' : String(sms.key_id)],
      ]
    : []

  return (
    <section aria-labelledby="message-title">
      <p>
        <a href="#/messages">← {t('back')}</a>
      </p>
      <h1 id="message-title">{t('messageTitle', { id })}</h1>
      {error && (
        <p role="alert" class="error-box">
          {error}
        </p>
      )}
      {!sms && !error && <p role="status">{t('loading')}</p>}
      {sms && (
        <table class="detail">
          <thead>
            <tr>
              <th scope="col">{t('field')}</th>
              <th scope="col">{t('value')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td data-field={k}>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
