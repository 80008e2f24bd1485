import { accountCommand } from './account.js'
import { connectorCommand, routeCommand } from './connector.js'
import { ipCommand } from './ip.js'
import { keyCommand } from './key.js'
import { migrateCommand } from './migrate.js'
import { numberCommand } from './number.js'
import { serveCommand } from './serve.js'
import { smscSimCommand } from './smsc-sim.js'

const COMMANDS: Record<string, { run: (args: string[]) => Promise<number>; help: string }> = {
  serve: { run: serveCommand, help: 'start the gateway (HTTP API)' },
  migrate: { run: migrateCommand, help: 'apply database migrations and exit' },
  account: { run: accountCommand, help: 'account create|list|topup' },
  key: { run: keyCommand, help: 'key create|list|disable|enable' },
  'smsc-sim': { run: smscSimCommand, help: 'run a standalone SMPP 3.4 SMSC simulator (test peer, sandbox)' },
  connector: { run: connectorCommand, help: 'connector list|put|remove (carrier links)' },
  route: { run: routeCommand, help: 'route list|add|remove' },
  number: { run: numberCommand, help: 'number add|list|set|remove (inbound numbers), verify|senders|unverify (sender numbers)' },
  ip: { run: ipCommand, help: 'ip list|unblock (blocks after failed authentications)' },
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  const command = name === undefined ? undefined : COMMANDS[name]
  if (!command) {
    const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(10)} ${c.help}`)
    const out = `usage: taube <command> [options]\n\n${lines.join('\n')}\n\nConfiguration comes from TAUBE_* environment variables (see README).`
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      console.log(out)
      return 0
    }
    console.error(`unknown command "${name}"\n\n${out}`)
    return 2
  }
  return command.run(rest)
}
