import { connect, type Socket } from 'node:net'

/**
 * A lean HTTP/1.1 keep-alive client for load generation: one request in flight per connection,
 * the request written as one buffer, the answer read by Content-Length. It costs the load
 * generator a fraction of a general-purpose client's CPU per request, which on a 2-core machine
 * is CPU the gateway under test gets instead. Not for anything but our own server's answers.
 */
export class LoadConnection {
  private buffered: Buffer = Buffer.alloc(0)
  private waiting: {
    resolve: (r: { status: number; body: string }) => void
    reject: (e: Error) => void
  } | null = null

  private constructor(
    private readonly socket: Socket,
    private readonly host: string,
  ) {
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk])
      this.parse()
    })
    const fail = (err: Error) => {
      this.waiting?.reject(err)
      this.waiting = null
    }
    socket.on('error', fail)
    socket.on('close', () => fail(new Error('connection closed')))
  }

  static async open(url: string): Promise<LoadConnection> {
    const { hostname, port } = new URL(url)
    const socket = connect({ host: hostname, port: Number(port) })
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve)
      socket.once('error', reject)
    })
    return new LoadConnection(socket, `${hostname}:${port}`)
  }

  request(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<{ status: number; body: string }> {
    if (this.waiting) throw new Error('one request at a time per connection')
    const payload = body === undefined ? '' : body
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.host}\r\n`
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`
    head += `content-length: ${Buffer.byteLength(payload)}\r\n\r\n`
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject }
      this.socket.write(head + payload)
    })
  }

  close(): void {
    this.socket.destroy()
  }

  private parse(): void {
    const end = this.buffered.indexOf('\r\n\r\n')
    if (end < 0) return
    const head = this.buffered.toString('latin1', 0, end)
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)
    if (!length) throw new Error(`answer without content-length: ${head}`)
    const total = end + 4 + Number(length[1])
    if (this.buffered.length < total) return
    const status = Number(head.slice(9, 12))
    const body = this.buffered.toString('utf8', end + 4, total)
    this.buffered = this.buffered.subarray(total)
    const w = this.waiting
    this.waiting = null
    w?.resolve({ status, body })
  }
}
