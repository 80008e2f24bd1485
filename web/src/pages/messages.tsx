import { useEffect, useState } from 'preact/hooks'
import { api, query, type Collection } from '../api.js'
import type { PageProps } from '../app.js'
import { DLR_CODES, dlrLabel, type Sms } from '../dlr.js'
import { errorText } from '../errors.js'
import { Field } from '../field.js'
import { count, dateTime } from '../format.js'
import { useI18n } from '../i18n.js'
import { Pager } from '../pager.js'

/** The form's filters, kept in the page's address (#/messages?phone=…&page=2). */
type Filters = {
  phone: string
  text: string
  dlr: string
  from: string
  to: string
  /** A bulk's uuid, from its page's link; kept while the other filters change. */
  bulk: string
  page: number
}

function filtersOf(q: string): Filters {
  const p = new URLSearchParams(q)
  return {
    phone: p.get('phone') ?? '',
    text: p.get('text') ?? '',
    dlr: p.get('dlr') ?? '',
    from: p.get('from') ?? '',
    to: p.get('to') ?? '',
    bulk: p.get('bulk') ?? '',
    page: Math.max(1, Number(p.get('page')) || 1),
  }
}

/** A date field's value as unix seconds at the start (or end) of that day, local time. */
function dayBound(date: string, end: boolean): number | undefined {
  if (date === '') return undefined
  const d = new Date(`${date}T00:00:00`)
  if (Number.isNaN(d.getTime())) return undefined
  return Math.floor(d.getTime() / 1000) + (end ? 86399 : 0)
}

/** GET /sms with its own filters (phone and text partial, dlr_code, created_at range) and pages. */
export function MessagesPage({ onError, query: q }: PageProps & { query: string }) {
  const { t, lang } = useI18n()
  const applied = filtersOf(q)
  const [form, setForm] = useState(applied)
  // The answer is kept with the address it answers, so a page never shows another's rows.
  const [loaded, setLoaded] = useState<{ q: string; list: Collection<Sms> } | null>(null)
  const list = loaded?.q === q ? loaded.list : null
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    setForm(applied)
    setError(null)
    const apiQuery = query({
      phone: applied.phone,
      text: applied.text,
      dlr_code: applied.dlr,
      bulk: applied.bulk,
      'created_at[gte]': dayBound(applied.from, false),
      'created_at[lte]': dayBound(applied.to, true),
      page: applied.page > 1 ? applied.page : undefined,
    })
    api<Collection<Sms>>('GET', `/sms${apiQuery}`)
      .then((l) => setLoaded({ q, list: l }))
      .catch((e) => onError(e) || setError(errorText(t, e)))
  }, [q])

  function go(f: Filters) {
    const { page, ...rest } = f
    location.hash = `#/messages${query({ ...rest, page: page > 1 ? page : undefined })}`
  }

  const set = (k: keyof Filters) => (value: string) => setForm({ ...form, [k]: value })
  const pages = list ? Math.max(1, Math.ceil(list['hydra:totalItems'] / 30)) : 1

  return (
    <section aria-labelledby="messages-title">
      <h1 id="messages-title">{t('navMessages')}</h1>
      <form
        class="filters"
        aria-label={t('filters')}
        onSubmit={(e) => {
          e.preventDefault()
          go({ ...form, page: 1 })
        }}
      >
        <Field label={t('phone')} name="phone" value={form.phone} onValue={set('phone')} />
        <Field label={t('textContains')} name="text" value={form.text} onValue={set('text')} />
        <div class="field">
          <label for="filter-dlr">{t('status')}</label>
          <select
            id="filter-dlr"
            name="dlr"
            value={form.dlr}
            onChange={(e) => set('dlr')(e.currentTarget.value)}
          >
            <option value="">{t('any')}</option>
            {DLR_CODES.map((d) => (
              <option key={d.code} value={String(d.code)}>
                {t(d.label)}
              </option>
            ))}
          </select>
        </div>
        <Field
          label={t('createdFrom')}
          name="from"
          type="date"
          value={form.from}
          onValue={set('from')}
        />
        <Field label={t('createdTo')} name="to" type="date" value={form.to} onValue={set('to')} />
        <div class="buttons">
          <button type="submit">{t('apply')}</button>
          <button
            type="button"
            class="secondary"
            onClick={() =>
              go({ phone: '', text: '', dlr: '', from: '', to: '', bulk: '', page: 1 })
            }
          >
            {t('reset')}
          </button>
        </div>
      </form>
      {error && (
        <p role="alert" class="error-box">
          {error}
        </p>
      )}
      {!list && !error && <p role="status">{t('loading')}</p>}
      {list && list['hydra:member'].length === 0 && <p>{t('noMessages')}</p>}
      {list && list['hydra:member'].length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('navMessages')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('created')}</th>
                <th scope="col">{t('phone')}</th>
                <th scope="col">{t('senderId')}</th>
                <th scope="col">{t('text')}</th>
                <th scope="col">{t('parts')}</th>
                <th scope="col">{t('dlr')}</th>
              </tr>
            </thead>
            <tbody>
              {list['hydra:member'].map((m) => (
                <tr key={m.uuid}>
                  <td>
                    <a href={`#/messages/${m.uuid}`}>{dateTime(lang, m.created_at)}</a>
                  </td>
                  <td>{m.phone}</td>
                  <td>{m.sender_id}</td>
                  <td class="text-cell">{m.text}</td>
                  <td>{m.parts_count}</td>
                  <td>
                    <span class={`badge dlr-${m.dlr_code}`}>{t(dlrLabel(m.dlr_code))}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list && (
        <Pager
          label={t('pageOf', { page: applied.page, pages, total: '' })}
          page={applied.page}
          pages={pages}
          status={t('pageOf', {
            page: applied.page,
            pages,
            total: count(lang, list['hydra:totalItems']),
          })}
          onGo={(page) => go({ ...applied, page })}
        />
      )}
    </section>
  )
}
