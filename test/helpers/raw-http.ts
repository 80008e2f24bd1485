import { connect, type Socket } from 'node:net'

export type RawResponse = {
  /** undefined when the server closed (or the safety timeout cut) the connection unanswered. */
  status: number | undefined
  headers: Record<string, string>
  body: any
  /** The server closed the connection (not the safety timeout). */
  closedByServer: boolean
}

/** Parses the first HTTP response in `text`, if it is complete. */
export function parseResponse(text: string): Omit<RawResponse, 'closedByServer'> | null {
  const end = text.indexOf('\r\n\r\n')
  if (end < 0) return null
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n')
  const headers: Record<string, string> = {}
  for (const l of lines) {
    const i = l.indexOf(':')
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim()
  }
  const length = Number(headers['content-length'] ?? 0)
  const raw = text.slice(end + 4, end + 4 + length)
  if (Buffer.byteLength(raw) < length) return null
  let body: unknown = raw
  if (/json/.test(headers['content-type'] ?? '') && raw !== '') body = JSON.parse(raw)
  return { status: Number(statusLine!.split(' ')[1]), headers, body }
}

/** Opens a TCP connection to the server, from `localAddress` if given. */
export function openSocket(port: number, localAddress?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, ...(localAddress ? { localAddress } : {}) })
    s.once('connect', () => resolve(s))
    s.once('error', reject)
  })
}

/**
 * Writes `data` on a fresh connection (bytes as given: no client library tidies them) and
 * reads until the server closes it, or `untilResponse` and a complete response arrived.
 * `safetyMs` only keeps a broken server from hanging the test; it is no assertion on speed.
 */
export async function rawExchange(
  port: number,
  data: string | string[],
  opts: { localAddress?: string; safetyMs?: number; untilResponse?: boolean; gapMs?: number } = {},
): Promise<RawResponse & { socket: Socket }> {
  const socket = await openSocket(port, opts.localAddress)
  return new Promise((resolve) => {
    let text = ''
    let done = false
    const finish = (closedByServer: boolean) => {
      if (done) return
      done = true
      clearTimeout(safety)
      const r = parseResponse(text)
      resolve({
        status: r?.status,
        headers: r?.headers ?? {},
        body: r?.body,
        closedByServer,
        socket,
      })
    }
    const safety = setTimeout(() => {
      finish(false)
      socket.destroy()
    }, opts.safetyMs ?? 15_000)
    socket.on('data', (d) => {
      text += d.toString('latin1')
      if (opts.untilResponse && parseResponse(text)) finish(false)
    })
    socket.on('error', () => {})
    socket.on('close', () => finish(true))
    const parts = Array.isArray(data) ? data : [data]
    void (async () => {
      for (const [i, part] of parts.entries()) {
        if (socket.destroyed) return
        socket.write(part)
        if (i < parts.length - 1) await new Promise((r) => setTimeout(r, opts.gapMs ?? 0))
      }
    })()
  })
}
