import { useEffect, useState } from 'preact/hooks'
import { api, ApiError, type Collection, type Violation } from '../api.js'
import type { PageProps } from '../app.js'
import { errorText } from '../errors.js'
import { Field } from '../field.js'
import { count } from '../format.js'
import { useI18n } from '../i18n.js'

export type Group = { id: number; name: string; description: string | null; count_items: number }

/** GET/POST/DELETE /groups: the account's distribution lists. */
export function GroupsPage({ onError }: PageProps) {
  const { t, lang } = useI18n()
  const [groups, setGroups] = useState<Collection<Group> | null>(null)
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [violations, setViolations] = useState<Violation[]>([])
  const [busy, setBusy] = useState(false)

  const fail = (e: unknown) => {
    if (onError(e)) return
    setViolations(e instanceof ApiError ? e.violations : [])
    setError(errorText(t, e))
  }
  const load = () => api<Collection<Group>>('GET', '/groups').then(setGroups).catch(fail)
  useEffect(() => void load(), [])

  async function create(e: Event) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    setViolations([])
    try {
      await api('POST', '/groups', {
        name: name.trim(),
        ...(description.trim() === '' ? {} : { description: description.trim() }),
      })
      setName('')
      setDescription('')
      await load()
    } catch (err) {
      fail(err)
    } finally {
      setBusy(false)
    }
  }

  async function remove(g: Group) {
    setError(null)
    if (!confirm(t('confirmDeleteGroup', { name: g.name }))) return
    try {
      await api('DELETE', `/groups/${g.id}`)
      await load()
    } catch (err) {
      fail(err)
    }
  }

  const violation = (f: string) => violations.find((v) => v.propertyPath === f)?.message
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
                    <button
                      type="button"
                      class="danger"
                      onClick={() => remove(g)}
                      aria-label={`${t('delete')}: ${g.name}`}
                    >
                      {t('delete')}
                    </button>
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
