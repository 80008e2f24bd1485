import { useEffect, useState } from 'preact/hooks'
import { api, query, type Collection } from '../api.js'
import type { PageProps } from '../app.js'
import { errorText } from '../errors.js'
import { Field } from '../field.js'
import { count, dateTime } from '../format.js'
import { useI18n } from '../i18n.js'
import { Pager } from '../pager.js'

type Incoming = {
  uuid: string
  from: string
  to: string
  text: string
  received_at: number
  msg_uuid: string | null
}

/** GET /incomings with its from/text filters and pages; a reply opens the send page. */
export function IncomingsPage({ onError, query: q }: PageProps & { query: string }) {
  const { t, lang } = useI18n()
  const params = new URLSearchParams(q)
  const applied = {
    from: params.get('from') ?? '',
    text: params.get('text') ?? '',
    page: Math.max(1, Number(params.get('page')) || 1),
  }
  const [from, setFrom] = useState(applied.from)
  const [text, setText] = useState(applied.text)
  const [loaded, setLoaded] = useState<{ q: string; list: Collection<Incoming> } | null>(null)
  const list = loaded?.q === q ? loaded.list : null
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    setError(null)
    const apiQuery = query({
      from: applied.from,
      text: applied.text,
      page: applied.page > 1 ? applied.page : undefined,
    })
    api<Collection<Incoming>>('GET', `/incomings${apiQuery}`)
      .then((l) => setLoaded({ q, list: l }))
      .catch((e) => onError(e) || setError(errorText(t, e)))
  }, [q])

  const go = (f: { from: string; text: string; page: number }) =>
    (location.hash = `#/incomings${query({ from: f.from, text: f.text, page: f.page > 1 ? f.page : undefined })}`)
  const pages = list ? Math.max(1, Math.ceil(list['hydra:totalItems'] / 30)) : 1
  const members = list?.['hydra:member'] ?? []

  return (
    <section aria-labelledby="incomings-title">
      <h1 id="incomings-title">{t('incomingsTitle')}</h1>
      <form
        class="filters"
        aria-label={t('filters')}
        onSubmit={(e) => {
          e.preventDefault()
          go({ from, text, page: 1 })
        }}
      >
        <Field label={t('from')} name="from" value={from} onValue={setFrom} />
        <Field label={t('textContains')} name="text" value={text} onValue={setText} />
        <div class="buttons">
          <button type="submit">{t('apply')}</button>
        </div>
      </form>
      {error && (
        <p role="alert" class="error-box">
          {error}
        </p>
      )}
      {!list && !error && <p role="status">{t('loading')}</p>}
      {list && members.length === 0 && <p>{t('noIncomings')}</p>}
      {members.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('incomingsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('receivedAt')}</th>
                <th scope="col">{t('from')}</th>
                <th scope="col">{t('to')}</th>
                <th scope="col">{t('text')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.uuid}>
                  <td>{dateTime(lang, m.received_at)}</td>
                  <td>{m.from}</td>
                  <td>{m.to}</td>
                  <td class="text-cell">
                    {m.text}
                    {m.msg_uuid && (
                      <>
                        {' '}
                        <a href={`#/messages/${m.msg_uuid}`}>({t('inReplyTo')})</a>
                      </>
                    )}
                  </td>
                  <td>
                    <a
                      href={`#/send${query({ to: m.from })}`}
                      aria-label={`${t('reply')}: ${m.from}`}
                    >
                      {t('reply')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list && pages > 1 && (
        <Pager
          label={t('incomingsTitle')}
          page={applied.page}
          pages={pages}
          status={`${applied.page} / ${pages} (${count(lang, list['hydra:totalItems'])})`}
          onGo={(page) => go({ ...applied, page })}
        />
      )}
    </section>
  )
}
