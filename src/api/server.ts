import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { ServerContext } from './server-context.js'
import { adminDeliveryRoutes } from './admin/delivery-routes.js'
import { adminRoutes } from './admin/routes.js'
import { adminAuthBlockRoutes } from './admin/auth-block-routes.js'
import { adminWebhookRoutes } from './admin/webhook-routes.js'
import { adminAuth, credentialsFrom, customerAuth } from './auth.js'
import { callbackRoutes } from './callbacks.js'
import { installCharsetCheck } from './charset.js'
import { installErrorHandling, LD_JSON } from './errors.js'
import { healthRoutes } from './health.js'
import { httpEdge } from './http-edge.js'
import { countAnswerOutsideFastify, installHttpMetrics } from './http-metrics.js'
import { installJsonBodyParser } from './json-body.js'
import { meRoutes } from './lox24/me/routes.js'
import { apiKeyRoutes } from './lox24/api-keys/routes.js'
import { smsRoutes } from './lox24/sms/routes.js'
import { webhookRoutes } from './lox24/webhooks/routes.js'
import { groupRoutes } from './lox24/groups/routes.js'
import { bulkRoutes } from './lox24/bulks/routes.js'
import { incomingRoutes } from './lox24/incomings/routes.js'
import { fraudCheckRoutes } from './lox24/fraud-checks/routes.js'
import { adminInboundRoutes } from './admin/inbound-routes.js'
import { adminSenderNumberRoutes } from './admin/sender-number-routes.js'
import { adminMonitorRoutes } from './admin/monitor-routes.js'
import { senderNumberRoutes } from './lox24/sender-numbers/routes.js'
import { senderIdRoutes } from './lox24/sender-ids/routes.js'
import { kannelRoutes } from './kannel/routes.js'
import { sevenRoutes } from './seven/routes.js'
import { pushwooshRoutes } from './pushwoosh/routes.js'
import { adminPushwooshRoutes } from './admin/pushwoosh-routes.js'
import { MESSAGGI_PREFIX, messaggiRoutes } from './messaggi/routes.js'
import { fileRoutes } from './files/routes.js'
import { LinkForms, linkFormRoutes } from './link-forms/routes.js'

import { DashboardSessions, OPERATOR_COOKIE } from './web/sessions.js'
import { operatorSessionRoutes } from './web/operator-session-routes.js'
import { sessionSigner } from './web/session-token.js'
import { sessionRoutes } from './web/session-routes.js'
import { staticRoutes } from './web/static-routes.js'
import { documentAuth, installOpenApi } from './openapi.js'
import { AuthGuard } from '../services/auth-guard/auth-guard.js'
import { trustProxyFunction } from './trust-proxy.js'
import { AJV_TEXT_FORMATS } from './text-formats.js'
import { REQUEST_ID_HEADER, requestIdFor } from './request-id.js'
import { NO_DELIVERY, type DeliveryPort } from '../services/delivery-port.js'
import { shortLinkCampaignRoutes } from './lox24/short-link-campaigns/routes.js'
import { clickReportRoutes } from './lox24/short-link-campaigns/click-routes.js'
import { redirectRoutes } from './links/redirect-routes.js'
import { redirectFastLane } from './links/redirect-fast-lane.js'
import { LinkResolver } from '../services/links/resolve-link.js'
import {
  CLICK_THREAD_RECORDER,
  ClickRecorder,
  type ClickSink,
} from '../services/links/click-recorder.js'
import { ClickWriter } from '../services/links/click-writer.js'

export { REQUEST_ID_HEADER }

/**
 * Builds the HTTP server; the caller decides whether and where to listen. With `api: false` (a
 * worker process) it answers only health, metrics and carrier callbacks. `delivery` is the
 * delivery engine of this process, where one runs here.
 */
export async function buildServer(
  base: Omit<ServerContext, 'delivery'>,
  opts: {
    api?: boolean
    delivery?: DeliveryPort
    /** The click thread (app/click-thread.ts); without it, clicks are written in this thread. */
    clickSink?: ClickSink
  } = {},
): Promise<FastifyInstance> {
  const delivery = opts.delivery ?? NO_DELIVERY
  const ctx: ServerContext = {
    config: base.config,
    deps: { ...base.deps, handOff: delivery.handOff },
    keyCache: base.keyCache,
    log: base.log,
    metrics: base.metrics,
    delivery,
  }
  // Short links: one resolver for the redirect and the campaign endpoints (which drop what it
  // cached of a changed campaign); the clicks held in memory are written when the server closes.
  // A link the resolver holds is answered in a lane before Fastify (links/redirect-fast-lane.ts).
  const linkResolver = new LinkResolver({ db: ctx.deps.db, nowMs: () => ctx.deps.clock.nowMs() })
  const clicks = opts.clickSink
    ? new ClickRecorder(
        {
          sink: opts.clickSink,
          log: ctx.log,
          deliveriesRecorded: () => ctx.deps.outbox.ready.notify(),
        },
        CLICK_THREAD_RECORDER,
      )
    : new ClickRecorder({ sink: new ClickWriter(ctx.deps), log: ctx.log })
  const trustProxy = trustProxyFunction(ctx.config.trustProxy)
  const lane =
    opts.api === false || ctx.config.logRequests
      ? undefined
      : redirectFastLane({
          resolver: linkResolver,
          clicks,
          nowMs: () => ctx.deps.clock.nowMs(),
          trust: trustProxy,
          answered: countAnswerOutsideFastify(ctx.metrics),
        })
  const edge = httpEdge(ctx.config, ctx.log as FastifyBaseLogger, lane)
  const app = Fastify({
    // Timeouts, connection cap and error answers of the HTTP edge (http-edge.ts).
    ...edge.serverOptions,
    loggerInstance: ctx.log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: !ctx.config.logRequests }),
    trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: requestIdFor,
    ajv: { customOptions: { allErrors: true, coerceTypes: false, formats: AJV_TEXT_FORMATS } },
  })
  edge.install(app)
  installHttpMetrics(app, ctx.metrics)
  // Failed authentications block only authentication (api/auth.ts): health, readiness,
  // metrics, the docs and carrier callbacks stay open to a blocked address.
  const guard = new AuthGuard(ctx.deps, ctx.config.authAllowlist)

  app.addHook('onRequest', async (req, reply) => {
    reply.header(REQUEST_ID_HEADER, req.id)
  })
  installJsonBodyParser(app)
  installCharsetCheck(app)
  installErrorHandling(app)
  if (opts.api === false) {
    await app.register(healthRoutes(ctx))
    await app.register(callbackRoutes(ctx))
    return app
  }
  await installOpenApi(app)
  await app.register(healthRoutes(ctx))
  // The web dashboard: its files, and its session login, which the customer API accepts.
  const sessions = new DashboardSessions(ctx.deps, sessionSigner(ctx.config.sessionSecret))
  await app.register(staticRoutes)
  await app.register(async (web) => sessionRoutes(web, ctx, guard, sessions))
  const operatorSessions = new DashboardSessions(
    ctx.deps,
    sessionSigner(ctx.config.sessionSecret, 'operator'),
    OPERATOR_COOKIE,
  )
  await app.register(async (web) => operatorSessionRoutes(web, ctx, guard, operatorSessions))
  // Carriers call these: no customer or operator auth; each connector checks its own token.
  await app.register(callbackRoutes(ctx))

  app.addHook('onClose', () => clicks.stop())

  await app.register(async (lox24) => {
    lox24.addHook('onRequest', customerAuth(ctx, guard, ['v2'], credentialsFrom, sessions))
    documentAuth(lox24, 'customer', LD_JSON)
    lox24.addHook('onRequest', async (_req, reply) => {
      reply.type(LD_JSON)
    })
    await smsRoutes(lox24, ctx)
    await meRoutes(lox24, ctx)
    await apiKeyRoutes(lox24, ctx)
    await webhookRoutes(lox24, ctx)
    await groupRoutes(lox24, ctx)
    await bulkRoutes(lox24, ctx)
    await incomingRoutes(lox24, ctx)
    await fraudCheckRoutes(lox24, ctx)
    await senderNumberRoutes(lox24, ctx)
    await senderIdRoutes(lox24, ctx)
    await shortLinkCampaignRoutes(lox24, ctx, linkResolver)
    await clickReportRoutes(lox24, ctx)
  })

  // Kannel's HTTP SMSC: credentials in its parameters, plain-text answers (api/kannel/routes.ts).
  await app.register(async (kannel) => kannelRoutes(kannel, ctx, guard))

  // The seven.io-compatible API: X-Api-Key or `p`, seven's return codes (api/seven/routes.ts).
  await app.register(async (seven) => sevenRoutes(seven, ctx, guard))

  // The Pushwoosh-compatible SMS API: application and auth in the body (api/pushwoosh/routes.ts).
  await app.register(async (pushwoosh) => pushwooshRoutes(pushwoosh, ctx, guard))
  // The messaggisms.com-compatible API under /messaggi: bearer tokens, its envelope on every
  // answer (api/messaggi/routes.ts).
  await app.register(async (messaggi) => messaggiRoutes(messaggi, ctx, guard), {
    prefix: MESSAGGI_PREFIX,
  })

  // The download pages of files sent with seven.io-style messages: the code in the link is the access.
  await app.register(async (files) => fileRoutes(files, ctx))

  // GET /l/{code}: short links, public; the code is the access (api/links/redirect-routes.ts).
  // A subscribe or unsubscribe campaign's link shows its form, whose steps POST to the same
  // address (api/link-forms/routes.ts).
  const forms = new LinkForms(ctx)
  await app.register(async (links) => {
    await redirectRoutes(links, ctx, {
      resolver: linkResolver,
      clicks,
      showForm: (req, reply, code) => forms.show(req, reply, code),
    })
    await linkFormRoutes(links, forms)
  })

  await app.register(async (admin) => {
    admin.addHook('onRequest', adminAuth(ctx, guard, undefined, operatorSessions))
    documentAuth(admin, 'admin', 'application/json')
    await adminRoutes(admin, ctx)
    await adminAuthBlockRoutes(admin, ctx, guard)
    await adminDeliveryRoutes(admin, ctx)
    await adminWebhookRoutes(admin, ctx)
    await adminInboundRoutes(admin, ctx)
    await adminSenderNumberRoutes(admin, ctx)
    await adminMonitorRoutes(admin, ctx)
    await adminPushwooshRoutes(admin, ctx)
  })

  return app
}
