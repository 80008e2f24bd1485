import { useEffect, useState } from 'preact/hooks'
import { api, query, type Collection } from '../api.js'
import type { PageProps } from '../app.js'
import { bulkCancellable, bulkStatusLabel, type BulkShort } from '../bulk-status.js'
import type { Sms } from '../dlr.js'
import { errorText } from '../errors.js'
import { count, dateTime } from '../format.js'
import { useI18n } from '../i18n.js'

/** One bulk's progress, read again every second until it is done; cancel while it may be. */
export function BulkPage({ onError, id }: PageProps & { id: string }) {
  const { t, lang } = useI18n()
  const [bulk, setBulk] = useState<BulkShort | null>(null)
  const [sent, setSent] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const [tick, setTick] = useState(0)
  const [notice, setNotice] = useState<string | null>(null)

  useEffect(() => {
    let stop = false
    const path = `/bulks/${encodeURIComponent(id)}`
    Promise.all([
      api<BulkShort>('GET', `${path}/status`),
      api<Collection<Sms>>('GET', `/sms${query({ bulk: id, is_sent: 1 })}`),
    ])
      .then(([b, s]) => {
        if (stop) return
        setBulk(b)
        setSent(s['hydra:totalItems'])
        if (bulkCancellable(b.status_code, s['hydra:totalItems'], b.msg_total_count)) {
          setTimeout(() => !stop && setTick((n) => n + 1), 1000)
        }
      })
      .catch((e) => onError(e) || setError(errorText(t, e)))
    return () => {
      stop = true
    }
  }, [id, tick])

  async function cancel() {
    try {
      setBulk(await api<BulkShort>('PUT', `/bulks/${encodeURIComponent(id)}/cancel`))
      setNotice(t('bulkCancelled'))
    } catch (e) {
      if (!onError(e)) setError(errorText(t, e))
    }
  }

  const total = bulk?.msg_total_count ?? 0
  return (
    <section aria-labelledby="bulk-title">
      <p>
        <a href="#/bulks">← {t('backToBulks')}</a>
      </p>
      <h1 id="bulk-title">{t('bulkTitle', { id })}</h1>
      {error && (
        <p role="alert" class="error-box">
          {error}
        </p>
      )}
      {bulk && (
        <>
          <dl class="stats">
            <dt>{t('status')}</dt>
            <dd data-testid="bulk-status">{t(bulkStatusLabel(bulk.status_code))}</dd>
            {bulk.delivery_at > 0 && (
              <>
                <dt>{t('sendAt')}</dt>
                <dd data-testid="bulk-send-at">{dateTime(lang, bulk.delivery_at)}</dd>
              </>
            )}
            <dt>{t('recipients')}</dt>
            <dd>{count(lang, total)}</dd>
          </dl>
          <p>
            <label for="bulk-progress">{t('progress')}</label>{' '}
            <progress id="bulk-progress" max={Math.max(total, 1)} value={sent} />{' '}
            <span data-testid="bulk-sent">
              {count(lang, sent)} / {count(lang, total)}
            </span>
          </p>
          <p class="buttons">
            <a href={`#/messages?bulk=${encodeURIComponent(id)}`}>{t('showSms')}</a>
            {bulkCancellable(bulk.status_code, sent, total) && (
              <button type="button" class="danger" onClick={cancel}>
                {t('cancelBulk')}
              </button>
            )}
          </p>
          {notice && (
            <p class="notice" role="status">
              {notice}
            </p>
          )}
        </>
      )}
    </section>
  )
}
