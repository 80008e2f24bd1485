// The download page of a message's file: small, accessible HTML without scripts, one form when
// the file has a password.
import type { FileInfo } from '../../services/files/open-file.js'

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>
body{font:1.05rem/1.5 system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;background:#fff}
h1{font-size:1.4rem;word-break:break-all}
label{display:block;margin:.8rem 0 .3rem}
input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box;border:1px solid #555}
button,a.button{display:inline-block;font:inherit;margin-top:.8rem;padding:.5rem 1rem;background:#0b57d0;color:#fff;border:0;border-radius:4px;text-decoration:none;cursor:pointer}
button:focus,a.button:focus,input:focus{outline:3px solid #f9a825;outline-offset:2px}
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

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

function until(unixS: number): string {
  return new Date(unixS * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
}

/** The page of a file: a download link, or the password form (with the error of a wrong try). */
export function filePage(file: FileInfo, error: string | null = null): string {
  const name = escapeHtml(file.name)
  const facts = `<p>${escapeHtml(size(file.size))}, available until ${until(file.expiresAt)}.</p>`
  const action = `/f/${encodeURIComponent(file.code)}/download`
  if (!file.protected) {
    return layout(
      file.name,
      `<h1>${name}</h1>
${facts}
<p><a class="button" href="${action}" download="${name}">Download ${name}</a></p>`,
    )
  }
  const alert =
    error === null
      ? ''
      : `<p class="error" role="alert" id="password-error">${escapeHtml(error)}</p>\n`
  const described = error === null ? '' : ' aria-describedby="password-error" aria-invalid="true"'
  return layout(
    file.name,
    `<h1>${name}</h1>
${facts}
<p>This file is protected by a password.</p>
${alert}<form method="post" action="${action}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${described}>
<button type="submit">Download ${name}</button>
</form>`,
  )
}

/** 404 and 410: no file, or no longer. */
export function gonePage(status: 404 | 410): string {
  const text =
    status === 410
      ? 'This file has expired and is no longer available.'
      : 'There is no file at this address. It may have expired and been removed.'
  return layout('File not available', `<h1>File not available</h1>\n<p>${text}</p>`)
}

/** 429: too many wrong passwords. */
export function lockedPage(file: FileInfo, retryAfterS: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterS / 60))
  return filePage(
    file,
    `Too many wrong passwords. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  )
}
