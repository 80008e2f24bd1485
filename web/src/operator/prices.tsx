import { useEffect, useState } from 'preact/hooks'
import { api } from '../api.js'
import type { PageProps } from '../app.js'
import { useI18n } from '../i18n.js'
import { useRequestState } from '../request-state.js'
import { AccountSelect } from './account-select.js'

type Entry = { iso2: string; service_code: string; price: string }
type Answer = { prices: { iso2: string; service_code: string; price: number }[] }

const SERVICE_CODES = [
  '*',
  'direct',
  'economy',
  'pro',
  'text2speech',
  'fraud-check.economy',
  'fraud-check.pro',
  'fraud-check.direct',
] as const
/** The value of the price list choice that means the default list. */
const DEFAULT_LIST = 'default'

/** GET/PUT /admin/prices and /admin/accounts/{id}/prices: a list edited as a whole, then saved. */
export function PricesPage({ onError }: PageProps) {
  const { t } = useI18n()
  const [list, setList] = useState(DEFAULT_LIST)
  const [entries, setEntries] = useState<Entry[] | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const { error, busy, fail, run, violation } = useRequestState(onError)
  const path = list === DEFAULT_LIST ? '/admin/prices' : `/admin/accounts/${list}/prices`
  const show = (r: Answer) => setEntries(r.prices.map((p) => ({ ...p, price: String(p.price) })))

  useEffect(() => {
    setEntries(null)
    setDone(null)
    api<Answer>('GET', path).then(show).catch(fail)
  }, [path])

  const edit = (i: number, change: Partial<Entry>) =>
    setEntries((es) => (es ?? []).map((e, j) => (j === i ? { ...e, ...change } : e)))

  const save = (e: Event) => {
    e.preventDefault()
    setDone(null)
    const body = (entries ?? []).map((p) => ({
      iso2: p.iso2.trim().toUpperCase(),
      service_code: p.service_code,
      price: p.price.trim(),
    }))
    let confirmEmpty = ''
    if (body.length === 0 && list === DEFAULT_LIST) {
      if (!confirm(t('confirmEmptyDefault'))) return
      confirmEmpty = '?confirm=empty'
    }
    return run(async () => {
      show(await api<Answer>('PUT', path + confirmEmpty, body))
      setDone(t('pricesSaved'))
    })
  }

  return (
    <section aria-labelledby="prices-title">
      <h1 id="prices-title">{t('pricesTitle')}</h1>
      <AccountSelect
        id="field-price-list"
        label={t('priceList')}
        value={list}
        onValue={setList}
        onError={fail}
        first={{ value: DEFAULT_LIST, label: t('defaultPriceList') }}
      />
      <p class="hint">{t('pricesHint')}</p>
      {!entries && <p role="status">{t('loading')}</p>}
      {entries && (
        <form onSubmit={save} noValidate aria-labelledby="prices-title">
          {entries.length === 0 && <p>{t('noPrices')}</p>}
          {entries.length > 0 && (
            <div class="table-wrap">
              <table>
                <caption class="visually-hidden">{t('pricesTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('country')}</th>
                    <th scope="col">{t('serviceCode')}</th>
                    <th scope="col">{t('price')}</th>
                    <th scope="col">{t('actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((p, i) => {
                    const n = i + 1
                    const bad = (f: string) => violation(`[${i}].${f}`) ?? violation(`${i}.${f}`)
                    return (
                      <tr key={i} data-price-row={n}>
                        <td>
                          <input
                            aria-label={t('priceCountryOf', { n })}
                            value={p.iso2}
                            maxLength={2}
                            aria-invalid={bad('iso2') ? true : undefined}
                            onInput={(e) => edit(i, { iso2: e.currentTarget.value })}
                          />
                        </td>
                        <td>
                          <select
                            aria-label={t('priceServiceOf', { n })}
                            value={p.service_code}
                            onChange={(e) => edit(i, { service_code: e.currentTarget.value })}
                          >
                            {SERVICE_CODES.map((c) => (
                              <option key={c} value={c}>
                                {c === '*' ? t('anyValue') : c}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>
                          <input
                            aria-label={t('pricePriceOf', { n })}
                            value={p.price}
                            inputMode="decimal"
                            aria-invalid={bad('price') ? true : undefined}
                            onInput={(e) => edit(i, { price: e.currentTarget.value })}
                          />
                        </td>
                        <td class="actions">
                          <button
                            type="button"
                            class="danger"
                            aria-label={t('removePriceOf', { n })}
                            onClick={() => setEntries(entries.filter((_, j) => j !== i))}
                          >
                            {t('remove')}
                          </button>
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
          )}
          <div class="actions">
            <button
              type="button"
              class="secondary"
              onClick={() => setEntries([...entries, { iso2: '*', service_code: '*', price: '' }])}
            >
              {t('addPrice')}
            </button>
            <button type="submit" disabled={busy}>
              {t('savePrices')}
            </button>
          </div>
        </form>
      )}
      {done && (
        <p class="notice" role="status">
          {done}
        </p>
      )}
      <div role="alert" class="error-box">
        {error}
      </div>
    </section>
  )
}
