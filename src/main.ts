import { runCli } from './cli/index.js'

/** argv (without node and script) → exit code. */
export async function main(argv: string[]): Promise<number> {
  return runCli(argv)
}
