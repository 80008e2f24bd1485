// The Kannel 1.4.5 configuration the comparison runs: bearerbox with two SMPP binds to the
// simulator and its message store in a file, smsbox with the sendsms HTTP interface. Every
// listener is on loopback only.

export const KANNEL_USER = 'bench'
export const KANNEL_PASSWORD = 'bench-kannel'

export type KannelPorts = {
  /** bearerbox's HTTP admin interface (/status.txt). */
  admin: number
  /** bearerbox's port for box connections. */
  smsbox: number
  /** smsbox's sendsms HTTP interface. */
  sendsms: number
}

export type KannelConfigInput = {
  ports: KannelPorts
  /** The directory for the message store. */
  dir: string
  smsc: { port: number; systemId: string; password: string }
  /** SMPP binds to the SMSC, each its own `group = smsc` with the same smsc-id. */
  binds: number
  /** Unanswered submit_sm per bind. */
  maxPendingSubmits: number
}

/** The text of kannel.conf. */
export function kannelConfig(c: KannelConfigInput): string {
  const core = [
    'group = core',
    `admin-port = ${c.ports.admin}`,
    'admin-interface = 127.0.0.1',
    `admin-password = ${KANNEL_PASSWORD}`,
    'admin-allow-ip = 127.0.0.1',
    `smsbox-port = ${c.ports.smsbox}`,
    'smsbox-interface = 127.0.0.1',
    'box-allow-ip = 127.0.0.1',
    // Panics only, as a tuned production setup logs; the console level is bearerbox's -v.
    'log-level = 4',
    'dlr-storage = internal',
    'store-type = file',
    `store-location = ${c.dir}/kannel.store`,
  ]
  const smsc = (i: number) => [
    'group = smsc',
    'smsc = smpp',
    'smsc-id = sim',
    `smsc-admin-id = sim-${i}`,
    'host = 127.0.0.1',
    `port = ${c.smsc.port}`,
    'transceiver-mode = true',
    `smsc-username = ${c.smsc.systemId}`,
    `smsc-password = ${c.smsc.password}`,
    'system-type = VMA',
    `max-pending-submits = ${c.maxPendingSubmits}`,
    'enquire-link-interval = 30',
    'reconnect-delay = 1',
  ]
  const smsbox = [
    'group = smsbox',
    'bearerbox-host = 127.0.0.1',
    `bearerbox-port = ${c.ports.smsbox}`,
    `sendsms-port = ${c.ports.sendsms}`,
    'sendsms-interface = 127.0.0.1',
    'log-level = 4',
  ]
  const user = [
    'group = sendsms-user',
    `username = ${KANNEL_USER}`,
    `password = ${KANNEL_PASSWORD}`,
    'max-messages = 1',
  ]
  const groups = [core, ...Array.from({ length: c.binds }, (_, i) => smsc(i + 1)), smsbox, user]
  return `${groups.map((g) => g.join('\n')).join('\n\n')}\n`
}
