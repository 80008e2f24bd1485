import { useI18n } from './i18n.js'

/** Previous and next between the pages of a list, with where the reader is (`status`). */
export function Pager(p: {
  label: string
  page: number
  pages: number
  status: string
  onGo: (page: number) => void
}) {
  const { t } = useI18n()
  return (
    <nav class="pager" aria-label={p.label}>
      <button
        type="button"
        class="secondary"
        disabled={p.page <= 1}
        onClick={() => p.onGo(p.page - 1)}
      >
        {t('previous')}
      </button>
      <span>{p.status}</span>
      <button
        type="button"
        class="secondary"
        disabled={p.page >= p.pages}
        onClick={() => p.onGo(p.page + 1)}
      >
        {t('next')}
      </button>
    </nav>
  )
}
