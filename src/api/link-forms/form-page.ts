// The pages of a campaign's subscribe or unsubscribe form: small HTML without scripts, which
// works with a keyboard and a screen reader. Forms post back to the address they were served
// from, so the pages work behind the operator's short domain as under /l/{code}.
import {
  FORM_UNSUBSCRIBE_REASONS,
  type FormUnsubscribeReason,
} from '../../domain/links/form-reasons.js'
import type { FormAction, FormLanguage } from '../../services/link-forms/form-policy.js'
import { escapeHtml } from '../files/page.js'
import { FORM_TEXTS } from './form-texts.js'

export type PageOf = { lang: FormLanguage; action: FormAction; name: string; csrf: string }

function layout(lang: FormLanguage, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>
body{font:1.05rem/1.5 system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;background:#fff}
h1{font-size:1.4rem}
label{display:block;margin:.9rem 0 .3rem;font-weight:600}
.hint{margin:.2rem 0;color:#444;font-size:.95rem}
input,select{font:inherit;padding:.4rem;width:100%;box-sizing:border-box;border:1px solid #555;border-radius:3px}
button{display:inline-block;font:inherit;margin-top:1rem;padding:.5rem 1rem;background:#0b57d0;color:#fff;border:0;border-radius:4px;cursor:pointer}
a{color:#0b57d0}
button:focus,input:focus,select:focus,a:focus{outline:3px solid #f9a825;outline-offset:2px}
.error{color:#b00020;font-weight:600}
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`
}

function alert(lang: FormLanguage, id: string, error: string | null): string {
  if (error === null) return ''
  const t = FORM_TEXTS[lang]
  return `<p class="error" role="alert" id="${id}">${escapeHtml(`${t.errorPrefix} ${error}`)}</p>\n`
}

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`
}

/** Step one: the phone number (and, to leave, a reason). */
export function phoneStep(
  p: PageOf,
  o: { error?: string | null; phone?: string; reason?: FormUnsubscribeReason } = {},
): string {
  const t = FORM_TEXTS[p.lang]
  const error = o.error ?? null
  const invalid = error === null ? '' : ' aria-invalid="true"'
  const describedBy = error === null ? 'phone-hint' : 'phone-error phone-hint'
  const reasons =
    p.action === 'unsubscribe'
      ? `<label for="reason">${escapeHtml(t.reasonLabel)}</label>
<select id="reason" name="reason">
${Object.keys(FORM_UNSUBSCRIBE_REASONS)
  .map((k) => {
    const selected = k === (o.reason ?? 'not_given') ? ' selected' : ''
    return `<option value="${k}"${selected}>${escapeHtml(t.reasons[k as FormUnsubscribeReason])}</option>`
  })
  .join('\n')}
</select>
`
      : ''
  const title = t.title[p.action](p.name)
  return layout(
    p.lang,
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(t.intro[p.action])}</p>
${alert(p.lang, 'phone-error', error)}<form method="post">
${hidden('csrf', p.csrf)}
${hidden('step', 'phone')}
<label for="phone">${escapeHtml(t.phoneLabel)}</label>
<p class="hint" id="phone-hint">${escapeHtml(t.phoneHint)}</p>
<input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" required aria-describedby="${describedBy}"${invalid} value="${escapeHtml(o.phone ?? '')}">
${reasons}<button type="submit">${escapeHtml(t.sendCode)}</button>
</form>`,
  )
}

/** Step two: the code from the SMS. */
export function codeStep(
  p: PageOf,
  o: { attemptId: string; phone: string; error?: string | null },
): string {
  const t = FORM_TEXTS[p.lang]
  const error = o.error ?? null
  const invalid = error === null ? '' : ' aria-invalid="true"'
  const describedBy = error === null ? 'code-hint' : 'code-error code-hint'
  const title = `${t.codeTitle}: ${t.title[p.action](p.name)}`
  return layout(
    p.lang,
    title,
    `<h1>${escapeHtml(t.codeTitle)}</h1>
<p>${escapeHtml(t.codeSent(o.phone))}</p>
${alert(p.lang, 'code-error', error)}<form method="post">
${hidden('csrf', p.csrf)}
${hidden('step', 'code')}
${hidden('attempt', o.attemptId)}
<label for="code">${escapeHtml(t.codeLabel)}</label>
<p class="hint" id="code-hint">${escapeHtml(t.codeHint)}</p>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required aria-describedby="${describedBy}"${invalid}>
<button type="submit">${escapeHtml(t.confirm[p.action])}</button>
</form>
<p><a href="">${escapeHtml(t.startAgain)}</a></p>`,
  )
}

export function donePage(p: Omit<PageOf, 'csrf'>, phone: string): string {
  const t = FORM_TEXTS[p.lang]
  return layout(
    p.lang,
    t.doneTitle[p.action],
    `<h1>${escapeHtml(t.doneTitle[p.action])}</h1>
<p role="status">${escapeHtml(t.done[p.action](p.name, phone))}</p>`,
  )
}

/** A page that only says something: an error with the way back to the form, or "not available". */
export function messagePage(
  lang: FormLanguage,
  o: { title: string; text: string; startAgain: boolean },
): string {
  const t = FORM_TEXTS[lang]
  const again = o.startAgain ? `\n<p><a href="">${escapeHtml(t.startAgain)}</a></p>` : ''
  return layout(
    lang,
    o.title,
    `<h1>${escapeHtml(o.title)}</h1>
<p class="error" role="alert">${escapeHtml(o.text)}</p>${again}`,
  )
}
