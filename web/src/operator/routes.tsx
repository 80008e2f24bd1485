import { useEffect, useState } from 'preact/hooks'
import { api } from '../api.js'
import type { PageProps } from '../app.js'
import { useI18n } from '../i18n.js'
import { useRequestState } from '../request-state.js'

type RouteView = {
  id: number
  account_id: number | null
  prefix: string | null
  iso2: string | null
  service_code: string | null
  connector_ids: string[]
}

/** GET /admin/routes: which connectors serve which accounts and numbers. */
export function RoutesPage({ onError }: PageProps) {
  const { t } = useI18n()
  const [routes, setRoutes] = useState<RouteView[] | null>(null)
  const { error, fail } = useRequestState(onError)
  useEffect(() => {
    api<{ routes: RouteView[] }>('GET', '/admin/routes')
      .then((r) => setRoutes(r.routes))
      .catch(fail)
  }, [])
  const any = (v: string | number | null) => (v === null ? t('anyValue') : String(v))

  return (
    <section aria-labelledby="routes-title">
      <h1 id="routes-title">{t('routesTitle')}</h1>
      <div role="alert" class="error-box">
        {error}
      </div>
      {!routes && <p role="status">{t('loading')}</p>}
      {routes && routes.length === 0 && <p>{t('noRoutes')}</p>}
      {routes && routes.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('routesTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('account')}</th>
                <th scope="col">{t('prefix')}</th>
                <th scope="col">{t('country')}</th>
                <th scope="col">{t('serviceCode')}</th>
                <th scope="col">{t('connectorsOfRoute')}</th>
              </tr>
            </thead>
            <tbody>
              {routes.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.id}</th>
                  <td>{r.account_id === null ? t('allAccounts') : r.account_id}</td>
                  <td>{any(r.prefix)}</td>
                  <td>{any(r.iso2)}</td>
                  <td>{any(r.service_code)}</td>
                  <td>{r.connector_ids.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
