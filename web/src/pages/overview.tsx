import { Fragment } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { api, query, type Collection } from '../api.js'
import type { PageProps } from '../app.js'
import type { Sms } from '../dlr.js'
import { errorText } from '../errors.js'
import { count, money } from '../format.js'
import { useI18n } from '../i18n.js'
import { BarChart } from '../charts.js'
import { DLR_CODES } from '../dlr.js'

type Me = {
  id: number
  currency: string
  balance_amount: number
  billing_mode: string
  credit_limit: number
}

type Usage = { total: number; week: number; delivered: number; failed: number }

/** Counts per day (local days, oldest first) and per delivery code, from GET /sms totals. */
type Stats = {
  days: string[]
  sent: number[]
  delivered: number[]
  failed: number[]
  dlr: number[]
}

const DAYS = 14

export function OverviewPage({ onError }: PageProps) {
  const { t, lang } = useI18n()
  const [me, setMe] = useState<Me | null>(null)
  const [usage, setUsage] = useState<Usage | null>(null)
  const [stats, setStats] = useState<Stats | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    const total = (q: Parameters<typeof query>[0]) =>
      api<Collection<Sms>>('GET', `/sms${query(q)}`).then((c) => c['hydra:totalItems'])
    const weekAgo = Math.floor(Date.now() / 1000) - 7 * 86400
    Promise.all([
      api<Me>('GET', '/me'),
      total({}),
      total({ 'created_at[gte]': weekAgo }),
      total({ dlr_code: 1 }),
      total({ 'dlr_code[]': [8, 16] }),
    ])
      .then(([m, all, week, delivered, failed]) => {
        setMe(m)
        setUsage({ total: all, week, delivered, failed })
      })
      .catch((e) => onError(e) || setError(errorText(t, e)))

    // Every number is the total of a filtered GET /sms: the same figures any client can get.
    const start = new Date()
    start.setHours(0, 0, 0, 0)
    const days = Array.from({ length: DAYS }, (_, i) => {
      const d = new Date(start)
      d.setDate(d.getDate() - (DAYS - 1 - i))
      const from = Math.floor(d.getTime() / 1000)
      const next = new Date(d)
      next.setDate(next.getDate() + 1)
      return { d, range: `${from}..${Math.floor(next.getTime() / 1000) - 1}` }
    })
    const perDay = (extra: Parameters<typeof query>[0]) =>
      Promise.all(days.map((d) => total({ 'created_at[between]': d.range, ...extra })))
    Promise.all([
      perDay({ is_sent: 1 }),
      perDay({ dlr_code: 1 }),
      perDay({ 'dlr_code[]': [8, 16] }),
      Promise.all(DLR_CODES.map((c) => total({ dlr_code: c.code }))),
    ])
      .then(([sent, delivered, failed, dlr]) =>
        setStats({
          days: days.map((d) =>
            d.d.toLocaleDateString(lang === 'de' ? 'de-DE' : 'en-GB', {
              day: 'numeric',
              month: 'numeric',
            }),
          ),
          sent,
          delivered,
          failed,
          dlr,
        }),
      )
      .catch((e) => onError(e) || setError(errorText(t, e)))
  }, [])

  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">{t('navOverview')}</h1>
      {error && (
        <p role="alert" class="error-box">
          {error}
        </p>
      )}
      {!me && !error && <p role="status">{t('loading')}</p>}
      {me && (
        <div class="tiles">
          <div class="tile">
            <h2>{t('balance')}</h2>
            <p class="big" data-testid="balance">
              {money(lang, me.balance_amount, me.currency)}
            </p>
            <p>
              {t('billingMode')}: {me.billing_mode === 'postpaid' ? t('postpaid') : t('prepaid')}
              {me.billing_mode === 'postpaid' &&
                ` · ${t('creditLimit')}: ${money(lang, me.credit_limit, me.currency)}`}
            </p>
          </div>
          {usage && (
            <div class="tile">
              <h2>{t('usage')}</h2>
              <dl class="stats">
                <dt>{t('smsTotal')}</dt>
                <dd>{count(lang, usage.total)}</dd>
                <dt>{t('smsLast7Days')}</dt>
                <dd>{count(lang, usage.week)}</dd>
                <dt>{t('smsDelivered')}</dt>
                <dd>{count(lang, usage.delivered)}</dd>
                <dt>{t('smsFailed')}</dt>
                <dd>{count(lang, usage.failed)}</dd>
              </dl>
            </div>
          )}
        </div>
      )}
      {stats && (
        <div class="tiles charts">
          <div class="tile">
            <BarChart
              title={t('perDay')}
              labels={stats.days}
              series={[
                { label: t('sentCount'), className: 'bar-sent', values: stats.sent },
                { label: t('smsDelivered'), className: 'bar-delivered', values: stats.delivered },
                { label: t('smsFailed'), className: 'bar-failed', values: stats.failed },
              ]}
            />
          </div>
          <div class="tile">
            <h2>{t('dlrDistribution')}</h2>
            <dl class="stats" data-testid="dlr-distribution">
              {DLR_CODES.map((c, i) => (
                <Fragment key={c.code}>
                  <dt>
                    {t(c.label)} ({c.code})
                  </dt>
                  <dd>{count(lang, stats.dlr[i]!)}</dd>
                </Fragment>
              ))}
            </dl>
          </div>
        </div>
      )}
    </section>
  )
}
