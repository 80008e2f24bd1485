import type { IncomingMessage, ServerResponse } from 'node:http'

/** How long, and for how many more bytes, a closing connection is still read. */
const LINGER_MS = 2000
const LINGER_BYTES = 1024 * 1024

/**
 * For a request whose body is refused before it was read to its end: the answer closes the
 * connection, and the rest of the body is not parsed. Node would close the socket as soon as
 * the answer is written; with the client's unread bytes still queued, the close becomes a reset,
 * and a reset can erase the answer at the client before it reads it (RFC 9112 §9.6). So the
 * bytes still arriving are read and dropped, and the socket kept a moment after the answer
 * (at most LINGER_MS and LINGER_BYTES), as web servers do in a "lingering close".
 */
export function closeAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete) return
  res.setHeader('Connection', 'close')
  const socket = req.socket
  req.unpipe()
  let dropped = 0
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length
    if (dropped > LINGER_BYTES) socket.destroy()
  })
  req.resume()
  res.once('finish', () => {
    // Node has just ended the socket (destroySoon) and destroys it once that end is flushed:
    // keep reading instead, until the client ends too, or the time is up.
    socket.removeListener('finish', socket.destroy)
    const timer = setTimeout(() => socket.destroy(), LINGER_MS)
    timer.unref()
    socket.once('close', () => clearTimeout(timer))
  })
}
