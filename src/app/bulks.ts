import { BulkExpander, type BulkExpanderOptions } from '../services/bulks/bulk-expander.js'
import type { AppContext } from './context.js'

/** Starts the bulk expander; it stops with the context. */
export async function startBulks(
  ctx: AppContext,
  opts: Partial<BulkExpanderOptions> = {},
): Promise<BulkExpander> {
  const expander = new BulkExpander(ctx.deps, {
    releaseAllLeasesAtStart: ctx.deps.dialect === 'sqlite',
    ...opts,
  })
  await expander.start()
  ctx.lifecycle.add('bulk expander', () => expander.stop())
  return expander
}
