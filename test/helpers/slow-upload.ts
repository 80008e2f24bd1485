import { connect } from 'node:net'

export type SlowUploadResult = {
  status: number
  headers: Record<string, string>
  body: any
  /** Body bytes written before the answer was complete. */
  sentBytes: number
  /** The Content-Length the request declared. */
  declaredBytes: number
  /** Whether the server closed the connection after answering. */
  closedByServer: boolean
}

/**
 * Sends a request over a real socket: the headers and `head` at once, then `filler` chunk by
 * chunk, each after the last was handed to the kernel and a short breath, until the whole
 * declared body is sent or a complete answer has arrived. It shows whether the server answers
 * while the client still has data to send, the way a client with a slow uplink sees it.
 */
export async function slowUpload(
  url: string,
  opts: {
    path: string
    headers: Record<string, string>
    head: Buffer | string
    filler: Buffer
    /** Chunks of filler the body holds after head, before tail. */
    chunks: number
    tail?: Buffer | string
  },
): Promise<SlowUploadResult> {
  const { hostname, port } = new URL(url)
  const head = Buffer.from(opts.head)
  const tail = Buffer.from(opts.tail ?? '')
  const declaredBytes = head.length + opts.filler.length * opts.chunks + tail.length
  const socket = connect({ host: hostname, port: Number(port) })
  await new Promise<void>((resolve, reject) =>
    socket.once('connect', resolve).once('error', reject),
  )

  let received = Buffer.alloc(0)
  let answer = null as Answer | null
  let closedByServer = false
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  socket.on('end', () => (closedByServer = true))
  // The server may reset the connection once it has answered and stopped reading.
  socket.on('error', () => (closedByServer = true))
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk])
    answer ??= parseResponse(received)
  })

  const lines = [
    `POST ${opts.path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    `Content-Length: ${declaredBytes}`,
  ]
  for (const [k, v] of Object.entries(opts.headers)) lines.push(`${k}: ${v}`)
  const write = (b: Buffer) =>
    new Promise<void>((resolve) => {
      if (socket.destroyed) return resolve()
      socket.write(b, () => resolve())
    })
  await write(Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n'), head]))
  let sentBytes = head.length
  for (let i = 0; i < opts.chunks && answer === null && !socket.destroyed; i++) {
    await write(opts.filler)
    sentBytes += opts.filler.length
    await new Promise((r) => setTimeout(r, 5))
  }
  if (answer === null && !socket.destroyed) {
    await write(tail)
    sentBytes += tail.length
  }
  // Wait for the answer (and the close, when the server closes); end our side otherwise.
  const deadline = Date.now() + 20_000
  while (answer === null && !socket.destroyed && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 10))
  if (answer === null)
    throw new Error(`no complete answer; received: ${received.toString().slice(0, 300)}`)
  const done: Answer = answer
  if (done.headers.connection === 'close') {
    // The server half-closed after its answer and reads on a moment: end our side, then it closes.
    socket.end()
    await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))])
  }
  socket.destroy()
  return { ...done, sentBytes, declaredBytes, closedByServer }
}

type Answer = Omit<SlowUploadResult, 'sentBytes' | 'declaredBytes' | 'closedByServer'>

function parseResponse(bytes: Buffer): Answer | null {
  const end = bytes.indexOf('\r\n\r\n')
  if (end < 0) return null
  const [statusLine, ...headerLines] = bytes.subarray(0, end).toString('latin1').split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of headerLines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const length = Number(headers['content-length'] ?? NaN)
  if (Number.isNaN(length)) throw new Error(`answer without Content-Length: ${statusLine}`)
  if (bytes.length < end + 4 + length) return null
  const text = bytes.subarray(end + 4, end + 4 + length).toString('utf8')
  return {
    status: Number(statusLine!.split(' ')[1]),
    headers,
    body: text === '' ? undefined : JSON.parse(text),
  }
}
