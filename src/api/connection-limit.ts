import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import { AppError } from '../errors/app-error.js'

type ConnectionListener = (socket: Socket) => void

/** `::ffff:127.0.0.1` and `127.0.0.1` are one client. */
export function peerAddress(socket: Socket): string | undefined {
  const a = socket.remoteAddress
  return a?.startsWith('::ffff:') ? a.slice(7) : a
}

/**
 * Caps the open connections of each client address (the TCP peer, never a forwarded header).
 * The check runs before Node's HTTP handling is attached to the connection, so a refused one
 * costs neither a parser nor a request: it is answered 429 at once and closed.
 */
export function limitConnectionsPerAddress(
  server: Server,
  opts: { max: number; refuse: (socket: Socket, e: AppError) => void },
): void {
  if (opts.max <= 0) return
  const open = new Map<string, number>()
  // Node's own HTTP connection handling is a 'connection' listener; it runs behind the gate.
  const handlers = server.listeners('connection') as ConnectionListener[]
  server.removeAllListeners('connection')
  server.on('connection', (socket: Socket) => {
    const address = peerAddress(socket)
    if (address === undefined) {
      socket.destroy()
      return
    }
    const n = open.get(address) ?? 0
    if (n >= opts.max) {
      const headers = { 'Retry-After': '1' }
      opts.refuse(
        socket,
        new AppError('TOO_MANY_CONNECTIONS', { ip: address, max: opts.max }, { headers }),
      )
      return
    }
    open.set(address, n + 1)
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1
      if (left <= 0) open.delete(address)
      else open.set(address, left)
    })
    for (const handle of handlers) handle.call(server, socket)
  })
}
