import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../app/context.js'

/** Groups (spec §10) and their phones (§11). */
export async function groupRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  void app
  void ctx
}
