import { action, optional, withDefault, type Command } from './command.js'
import { host, oneOf, port } from './option-kinds.js'

/** What a process runs: described in the notes of `taube serve --help`. */
export const ROLES = ['all', 'api', 'dispatcher', 'events', 'smpp', 'smtp'] as const
export type Role = (typeof ROLES)[number]

export const serveCommand: Command = {
  name: 'serve',
  summary: 'start the gateway: the HTTP API and, by role, the delivery and event engines',
  action: action({
    summary: 'start the gateway and run until SIGTERM or SIGINT',
    json: false,
    options: {
      role: withDefault(oneOf(ROLES), 'what this process runs (see below)', 'all'),
      port: optional(port(), 'the HTTP port, instead of TAUBE_PORT (0: any free port)'),
      host: optional(host, 'the address to listen on, instead of TAUBE_HOST'),
    },
    notes:
      'Roles: all, everything (the embedded default); api, the HTTP API only, for stateless nodes\n' +
      'behind a load balancer; dispatcher, carrier links, the send queue, bulk expansion,\n' +
      'inbound intake and fraud-check scoring; events, webhook, email and push delivery; smpp,\n' +
      "the SMPP server for customers' ESMEs (TAUBE_SMPP_PORT, default 2775); smtp, the\n" +
      'email-to-SMS server (TAUBE_SMTP_PORT, default 2525). Worker roles answer /healthz,\n' +
      '/metrics and carrier callbacks on TAUBE_PORT. Settings: TAUBE_* variables (README).',
    // Loaded only here: the HTTP server and engines cost every command a second of start-up.
    run: async (v) => (await import('./start-gateway.js')).startGateway(v.role, v.port, v.host),
  }),
}
