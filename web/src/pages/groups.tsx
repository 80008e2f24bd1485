import { useEffect, useState } from 'preact/hooks'
import { api, type Collection } from '../api.js'
import type { PageProps } from '../app.js'
import { Field } from '../field.js'
import { count } from '../format.js'
import { useI18n } from '../i18n.js'
import { useRequestState } from '../request-state.js'
import { DeleteButton } from '../row-actions.js'

export type Group = { id: number; name: string; description: string | null; count_items: number }

/** GET/POST/DELETE /groups: the account's distribution lists. */
export function GroupsPage({ onError }: PageProps) {
  const { t, lang } = useI18n()
  const [groups, setGroups] = useState<Collection<Group> | null>(null)
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const { error, busy, fail, run, act, violation } = useRequestState(onError)
  const load = () => api<Collection<Group>>('GET', '/groups').then(setGroups).catch(fail)
  useEffect(() => void load(), [])

  const create = (e: Event) => {
    e.preventDefault()
    return run(async () => {
      await api('POST', '/groups', {
        name: name.trim(),
        ...(description.trim() === '' ? {} : { description: description.trim() }),
      })
      setName('')
      setDescription('')
      await load()
    })
  }

  const remove = (g: Group) =>
    act(
      async () => {
        await api('DELETE', `/groups/${g.id}`)
        await load()
      },
      t('confirmDeleteGroup', { name: g.name }),
    )
  const members = groups?.['hydra:member'] ?? []

  return (
    <section aria-labelledby="groups-title">
      <h1 id="groups-title">{t('groupsTitle')}</h1>
      <form class="card" onSubmit={create} noValidate aria-labelledby="create-group-title">
        <h2 id="create-group-title">{t('createGroup')}</h2>
        <Field
          label={t('groupName')}
          name="group_name"
          required
          value={name}
          onValue={setName}
          error={violation('name')}
        />
        <Field
          label={t('description')}
          name="group_description"
          value={description}
          onValue={setDescription}
          error={violation('description')}
        />
        <button type="submit" disabled={busy || name.trim() === ''}>
          {t('createGroup')}
        </button>
      </form>
      <div role="alert" class="error-box">
        {error}
      </div>
      {!groups && <p role="status">{t('loading')}</p>}
      {groups && members.length === 0 && <p>{t('noGroups')}</p>}
      {members.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('groupsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('groupName')}</th>
                <th scope="col">{t('description')}</th>
                <th scope="col">{t('phonesCount')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((g) => (
                <tr key={g.id}>
                  <th scope="row">
                    <a href={`#/groups/${g.id}`}>{g.name}</a>
                  </th>
                  <td>{g.description ?? ''}</td>
                  <td>{count(lang, g.count_items)}</td>
                  <td class="actions">
                    <DeleteButton what={g.name} onDelete={() => remove(g)} />
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
