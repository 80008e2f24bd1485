import { useEffect, useState } from 'preact/hooks'
import { api } from '../api.js'
import type { PageProps } from '../app.js'
import { dlrLabel, type Sms } from '../dlr.js'
import { errorText } from '../errors.js'
import { dateTime } from '../format.js'
import { useI18n } from '../i18n.js'
import { MessageAttempts } from './message-attempts.js'

type Receipt = {
  status: string
  status_code: number
  dlr_code: number
  error: string | null
  received_at: number
}

/**
 * GET /sms/{uuid}: every field of one message; GET /sms/{uuid}/receipts: its delivery history;
 * GET /sms/{uuid}/attempts: the calls of its webhooks.
 */
export function MessagePage({ onError, id }: PageProps & { id: string }) {
  const { t, lang } = useI18n()
  const [sms, setSms] = useState<Sms | null>(null)
  const [receipts, setReceipts] = useState<Receipt[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    setSms(null)
    setReceipts(null)
    const path = `/sms/${encodeURIComponent(id)}`
    Promise.all([api<Sms>('GET', path), api<{ receipts: Receipt[] }>('GET', `${path}/receipts`)])
      .then(([m, r]) => {
        setSms(m)
        setReceipts(r.receipts)
      })
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
      {receipts && (
        <>
          <h2 id="history-title">{t('deliveryHistory')}</h2>
          {receipts.length === 0 ? (
            <p>{t('noReceipts')}</p>
          ) : (
            <div class="table-wrap">
              <table aria-labelledby="history-title" data-testid="delivery-history">
                <thead>
                  <tr>
                    <th scope="col">{t('attemptedAt')}</th>
                    <th scope="col">{t('dlr')}</th>
                    <th scope="col">dlr_code</th>
                    <th scope="col">{t('carrierError')}</th>
                  </tr>
                </thead>
                <tbody>
                  {receipts.map((r, i) => (
                    <tr key={i}>
                      <td>{dateTime(lang, r.received_at)}</td>
                      <th scope="row">{t(dlrLabel(r.dlr_code))}</th>
                      <td>{r.dlr_code}</td>
                      <td>{r.error ?? '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      {sms && (
        <MessageAttempts uuid={sms.uuid} onError={(e) => onError(e) || setError(errorText(t, e))} />
      )}
    </section>
  )
}
