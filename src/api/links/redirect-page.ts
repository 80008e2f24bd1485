// The small pages a short link answers with when it leads nowhere: plain HTML, no scripts, no
// assets, readable by any browser and screen reader.

const PAGES = {
  404: {
    title: 'Link not found',
    text: 'This link does not exist. Check that it was copied completely.',
  },
  410: {
    title: 'Link no longer available',
    text: 'This link has been switched off by its sender and leads nowhere any more.',
  },
} as const

export type LinkPageStatus = keyof typeof PAGES

export function linkPage(status: LinkPageStatus): string {
  const { title, text } = PAGES[status]
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#222}</style>
</head>
<body><main><h1>${title}</h1><p>${text}</p></main></body>
</html>
`
}
