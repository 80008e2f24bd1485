/** What a failed listen means to an operator, naming the settings that choose the address. */
export function listenFailure(err: unknown, address: string, settings: string): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  const why =
    code === 'EADDRINUSE'
      ? 'the address is already in use (another Taube, or another program, listens there)'
      : code === 'EACCES'
        ? 'permission denied (ports below 1024 need privileges)'
        : code === 'EADDRNOTAVAIL'
          ? 'the address does not belong to this machine'
          : err instanceof Error
            ? err.message
            : String(err)
  return `Taube cannot listen on ${address}: ${why}.\nChoose another address with ${settings}, or stop what holds it.`
}

/** host:port, with IPv6 addresses in brackets. */
export function hostPort(host: string, port: number | string): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`
}
