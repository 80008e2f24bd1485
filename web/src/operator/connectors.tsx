import { useEffect, useState } from 'preact/hooks'
import { api } from '../api.js'
import type { PageProps } from '../app.js'
import { useI18n } from '../i18n.js'
import { useRequestState } from '../request-state.js'

type Connector = {
  id: string
  kind: string
  enabled: boolean
  state: {
    up: boolean
    window: number
    inFlight: number
    ratePerS: number | null
    submitted: number
    acknowledged: number
    failed: number
  } | null
}

/** How often the live state is read again while the page is open. */
const REFRESH_MS = 2000

/** GET /admin/connectors: each connector's bind state, window, throughput and errors, live. */
export function ConnectorsPage({ onError }: PageProps) {
  const { t } = useI18n()
  const [connectors, setConnectors] = useState<Connector[] | null>(null)
  const { error, setError, fail } = useRequestState(onError)
  useEffect(() => {
    const load = () =>
      api<{ connectors: Connector[] }>('GET', '/admin/connectors')
        .then((r) => {
          setConnectors(r.connectors)
          setError(null)
        })
        .catch(fail)
    void load()
    const timer = setInterval(load, REFRESH_MS)
    return () => clearInterval(timer)
  }, [])

  const bind = (c: Connector) =>
    !c.enabled
      ? t('disabledState')
      : c.state === null
        ? t('notRunHere')
        : c.state.up
          ? t('bound')
          : t('notBound')

  return (
    <section aria-labelledby="connectors-title">
      <h1 id="connectors-title">{t('connectorsTitle')}</h1>
      <div role="alert" class="error-box">
        {error}
      </div>
      {!connectors && <p role="status">{t('loading')}</p>}
      {connectors && connectors.length === 0 && <p>{t('noConnectors')}</p>}
      {connectors && connectors.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('connectorsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('kind')}</th>
                <th scope="col">{t('bindState')}</th>
                <th scope="col">{t('window')}</th>
                <th scope="col">{t('inFlight')}</th>
                <th scope="col">{t('throughput')}</th>
                <th scope="col">{t('submittedCount')}</th>
                <th scope="col">{t('acknowledged')}</th>
                <th scope="col">{t('errors')}</th>
              </tr>
            </thead>
            <tbody>
              {connectors.map((c) => (
                <tr key={c.id} data-connector-id={c.id}>
                  <th scope="row">{c.id}</th>
                  <td>{c.kind}</td>
                  <td data-testid="bind-state">{bind(c)}</td>
                  <td>{c.state?.window ?? ''}</td>
                  <td>{c.state?.inFlight ?? ''}</td>
                  <td>{c.state?.ratePerS ?? ''}</td>
                  <td>{c.state?.submitted ?? ''}</td>
                  <td>{c.state?.acknowledged ?? ''}</td>
                  <td>{c.state?.failed ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
