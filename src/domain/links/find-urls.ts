// The web addresses in a message text, as a reader of the SMS would see them: http:// and
// https:// (any case) and bare "www." hosts. What ends a sentence around an address (a full stop,
// a comma, a closing quote or bracket the address did not open) is not part of it.

export type FoundUrl = { start: number; end: number; url: string }

const START = /https?:\/\/|www\./giu
/** Before an address: start of text or anything but a letter, digit or part of an address. */
const GLUED = /[\p{L}\p{N}@._/\\-]/u
/** Never inside an address: spaces, angle brackets, quotes (ASCII and typographic), ellipsis. */
const STOP = /[\s<>"`“”„‚‘’«»…]/u
/** Left out at the end: sentence punctuation. */
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', "'", '*'])
const PAIRS: Record<string, string> = { ')': '(', ']': '[', '}': '{' }
const HOST = /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*$/u

/** Every address in the text, in order, with its place (UTF-16 offsets). */
export function findUrls(text: string): FoundUrl[] {
  const found: FoundUrl[] = []
  START.lastIndex = 0
  for (let m = START.exec(text); m !== null; m = START.exec(text)) {
    const start = m.index
    if (start > 0 && GLUED.test(text[start - 1]!)) continue
    let end = start + m[0].length
    while (end < text.length && !STOP.test(text[end]!)) end++
    end = trimEnd(text, start, end)
    const url = text.slice(start, end)
    if (!hasHost(url, m[0].toLowerCase() === 'www.')) continue
    found.push({ start, end, url })
    START.lastIndex = end
  }
  return found
}

/** Where a found address leads: a bare "www." host gets https://. */
export function targetOf(url: string): string {
  return /^https?:\/\//i.test(url) ? url : `https://${url}`
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start) {
    const last = text[end - 1]!
    if (TRAILING.has(last)) {
      end--
      continue
    }
    const opener = PAIRS[last]
    if (opener !== undefined) {
      const part = text.slice(start, end)
      if (count(part, last) > count(part, opener)) {
        end--
        continue
      }
    }
    break
  }
  return end
}

function count(s: string, c: string): number {
  let n = 0
  for (const x of s) if (x === c) n++
  return n
}

/** http(s): any host; bare www.: at least www.name.tld, the last label not a number. */
function hasHost(url: string, bare: boolean): boolean {
  const rest = bare ? url : url.replace(/^https?:\/\//i, '')
  const host = rest.split(/[/?#]/u, 1)[0]!.replace(/:\d*$/u, '')
  if (!HOST.test(host)) return false
  if (!bare) return true
  const labels = host.split('.')
  return labels.length >= 3 && !/^\d+$/u.test(labels.at(-1)!)
}
