import type { PageProps } from '../app.js'
import { useI18n } from '../i18n.js'

export function KeysPage(_props: PageProps & { currentKeyId: number }) {
  const { t } = useI18n()
  return <h1>{t('keysTitle')}</h1>
}
