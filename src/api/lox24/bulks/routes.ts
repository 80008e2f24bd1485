import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../app/context.js'

/** Bulks (spec §8). */
export async function bulkRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  void app
  void ctx
}
