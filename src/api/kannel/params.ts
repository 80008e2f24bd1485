// Kannel's request parameters as bytes: Kannel %-escapes raw octets (smsc_http.c, `%E`), so
// `text` of coding 2 is UTF-16BE and `udh` binary; decoding them as UTF-8 strings, as the usual
// query parsers do, would lose them.

export type KannelParams = ReadonlyMap<string, Buffer>

/** `a=1&b=%00%41`: the first value of each name wins, as Kannel's http_cgi_variable does. */
export function parseKannelParams(raw: string): Map<string, Buffer> {
  const params = new Map<string, Buffer>()
  for (const pair of raw.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const name = percentDecode(eq < 0 ? pair : pair.slice(0, eq)).toString('latin1')
    if (!params.has(name)) params.set(name, percentDecode(eq < 0 ? '' : pair.slice(eq + 1)))
  }
  return params
}

/** `+` is a space, `%XX` one octet; a `%` without two hex digits stays as it is. */
export function percentDecode(s: string): Buffer {
  const out: number[] = []
  const bytes = Buffer.from(s, 'latin1')
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!
    if (c === 0x2b) out.push(0x20)
    else if (c === 0x25 && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
      out.push(Number.parseInt(String.fromCharCode(bytes[i + 1]!, bytes[i + 2]!), 16))
      i += 2
    } else out.push(c)
  }
  return Buffer.from(out)
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66))
}
