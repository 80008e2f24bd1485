import { useEffect, useState } from 'preact/hooks'
import { api, query, type Collection } from '../api.js'
import type { PageProps } from '../app.js'
import { Field } from '../field.js'
import { count } from '../format.js'
import { useI18n } from '../i18n.js'
import { useRequestState } from '../request-state.js'
import { DeleteButton } from '../row-actions.js'
import { Pager } from '../pager.js'
import type { Group } from './groups.js'

type Phone = { id: string; phone: string; callback_data: string | null }

/** One group: its phones (GET /groups/{id}/phones, 30 a page), added one by one, removed. */
export function GroupPage({ onError, id, query: q }: PageProps & { id: string; query: string }) {
  const { t, lang } = useI18n()
  const page = Math.max(1, Number(new URLSearchParams(q).get('page')) || 1)
  const [group, setGroup] = useState<Group | null>(null)
  const [phones, setPhones] = useState<Collection<Phone> | null>(null)
  const [phone, setPhone] = useState('')
  const { error, busy, fail, run, act, violation } = useRequestState(onError)
  const base = `/groups/${encodeURIComponent(id)}`

  const load = () =>
    Promise.all([
      api<Group>('GET', base),
      api<Collection<Phone>>(
        'GET',
        `${base}/phones${query({ page: page > 1 ? page : undefined })}`,
      ),
    ])
      .then(([g, p]) => {
        setGroup(g)
        setPhones(p)
      })
      .catch(fail)
  useEffect(() => void load(), [id, q])

  const add = (e: Event) => {
    e.preventDefault()
    return run(async () => {
      await api('POST', `${base}/phones`, { phone: phone.trim() })
      setPhone('')
      await load()
    })
  }

  const remove = (p: Phone) =>
    act(
      async () => {
        await api('DELETE', `/phones/${encodeURIComponent(p.id)}`)
        await load()
      },
      t('confirmDeletePhone', { phone: p.phone }),
    )

  const pages = phones ? Math.max(1, Math.ceil(phones['hydra:totalItems'] / 30)) : 1
  const go = (n: number) =>
    (location.hash = `#/groups/${id}${query({ page: n > 1 ? n : undefined })}`)
  const members = phones?.['hydra:member'] ?? []

  return (
    <section aria-labelledby="group-title">
      <p>
        <a href="#/groups">← {t('backToGroups')}</a>
      </p>
      <h1 id="group-title">{t('groupTitle', { name: group?.name ?? id })}</h1>
      <form class="card inline-form" onSubmit={add} noValidate aria-labelledby="add-phone-title">
        <h2 id="add-phone-title">{t('addPhone')}</h2>
        <Field
          label={t('phone')}
          hint={t('phoneHint')}
          name="group_phone"
          type="tel"
          value={phone}
          onValue={setPhone}
          error={violation('phone')}
        />
        <button type="submit" disabled={busy || phone.trim() === ''}>
          {t('addPhone')}
        </button>
      </form>
      <div role="alert" class="error-box">
        {error}
      </div>
      {!phones && !error && <p role="status">{t('loading')}</p>}
      {phones && members.length === 0 && <p>{t('noPhones')}</p>}
      {members.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('phonesCount')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('phone')}</th>
                <th scope="col">callback_data</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.phone}</th>
                  <td>{p.callback_data ?? ''}</td>
                  <td>
                    <DeleteButton what={p.phone} onDelete={() => remove(p)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {phones && pages > 1 && (
        <Pager
          label={t('phonesCount')}
          page={page}
          pages={pages}
          status={`${page} / ${pages} (${count(lang, phones['hydra:totalItems'])})`}
          onGo={go}
        />
      )}
    </section>
  )
}
