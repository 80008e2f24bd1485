import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { useI18n } from './i18n.js'

/**
 * The frame of a login page: title, intro, the notice of an ended session, the fields, the
 * error (read out when it changes), the button, and the link to the other login. `submit`
 * returns the error to show, or null.
 */
export function LoginCard(p: {
  id: string
  title: string
  intro: string
  notice: string | null
  submit: () => Promise<string | null>
  other: { href: string; label: string }
  children: ComponentChildren
}) {
  const { t } = useI18n()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function onSubmit(e: Event) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      setError(await p.submit())
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="card narrow" aria-labelledby={p.id}>
      <h1 id={p.id}>{p.title}</h1>
      <p>{p.intro}</p>
      {p.notice && <p class="notice">{p.notice}</p>}
      <form onSubmit={onSubmit} noValidate>
        {p.children}
        <div role="alert" class="error-box">
          {error}
        </div>
        <button type="submit" disabled={busy}>
          {busy ? t('loggingIn') : t('logIn')}
        </button>
      </form>
      <p>
        <a href={p.other.href}>{p.other.label}</a>
      </p>
    </section>
  )
}
