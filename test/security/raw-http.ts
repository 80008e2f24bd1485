// HTTP/1.1 written by hand over a socket: requests no client library would send (bytes that are
// not valid percent-encoding, unnormalised `..`, oversized headers, broken header lines), and
// the answer read back exactly as the server wrote it.
import { connect } from 'node:net'
import type { IncomingHttpHeaders } from 'node:http'
import type { Answer } from './security-server.js'

/** Sends `head` (request line and headers, without the blank line) and an optional body. */
export function rawRequest(
  port: number,
  head: string,
  body: string | Buffer = '',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no complete answer to ${head.split('\r\n')[0]}`))
    }, 15_000)
    socket.on('data', (d) => chunks.push(d))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      try {
        resolve(parseResponse(Buffer.concat(chunks)))
      } catch (e) {
        reject(e)
      }
    })
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body)
    const length = bytes.length > 0 ? `\r\nContent-Length: ${bytes.length}` : ''
    socket.write(
      Buffer.concat([
        Buffer.from(`${head}${length}\r\nConnection: close\r\n\r\n`, 'latin1'),
        bytes,
      ]),
    )
  })
}

function parseResponse(raw: Buffer): Answer {
  const end = raw.indexOf('\r\n\r\n')
  if (end < 0)
    throw new Error(`not an HTTP answer: ${JSON.stringify(raw.toString('latin1').slice(0, 200))}`)
  const lines = raw.subarray(0, end).toString('latin1').split('\r\n')
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0]!)?.[1])
  const headers: IncomingHttpHeaders = {}
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':')
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim()
  }
  let body = raw.subarray(end + 4)
  if (/chunked/i.test(String(headers['transfer-encoding'] ?? ''))) body = unchunk(body)
  const text = body.toString('utf8')
  let json: unknown
  if (/json/.test(String(headers['content-type'] ?? '')) && text !== '') {
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
  }
  return { status, headers, text, json }
}

function unchunk(b: Buffer): Buffer {
  const parts: Buffer[] = []
  let at = 0
  for (;;) {
    const eol = b.indexOf('\r\n', at)
    if (eol < 0) break
    const size = parseInt(b.subarray(at, eol).toString('latin1'), 16)
    if (!(size > 0)) break
    parts.push(b.subarray(eol + 2, eol + 2 + size))
    at = eol + 2 + size + 2
  }
  return Buffer.concat(parts)
}
