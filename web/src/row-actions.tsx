import { useI18n } from './i18n.js'

/** A list row's delete button, named for a screen reader by what it deletes. */
export function DeleteButton({ what, onDelete }: { what: string; onDelete: () => void }) {
  const { t } = useI18n()
  return (
    <button type="button" class="danger" onClick={onDelete} aria-label={`${t('delete')}: ${what}`}>
      {t('delete')}
    </button>
  )
}

/** A list row's enable/disable button, named by what it switches. */
export function ToggleButton(p: { what: string; active: boolean; onToggle: () => void }) {
  const { t } = useI18n()
  const label = p.active ? t('disable') : t('enable')
  return (
    <button type="button" class="secondary" onClick={p.onToggle} aria-label={`${label}: ${p.what}`}>
      {label}
    </button>
  )
}
