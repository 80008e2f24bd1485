// /api/kannel/{service}.php: Kannel's HTTP SMSC of `system-type = kannel` (spec §19, Appendix
// B) sends here as to another Kannel. Kannel reads only the status and a short plain text: 202
// `0: Accepted for delivery` counts the message sent, any other answer marks it failed.
import { Type } from '@sinclair/typebox'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ServerContext } from '../server-context.js'
import { customerAuth } from '../auth.js'
import { sendTextError, toAppError } from '../errors.js'
import { inRequestTerms } from '../violation-names.js'
import type { AuthGuard } from '../../services/auth-guard/auth-guard.js'
import type { Credentials } from '../../services/keys/authenticate.js'
import { sendSms } from '../../services/sms/send-sms.js'
import { parseKannelParams, type KannelParams } from './params.js'
import { KANNEL_SMS_FIELDS, kannelSendCommand, serviceOf } from './to-command.js'

/** The answer Kannel counts as sent (smsc_http.c, kannel_parse_reply). */
export const KANNEL_ACCEPTED = '0: Accepted for delivery'

const FORM = 'application/x-www-form-urlencoded'
const FileParam = Type.Object({
  file: Type.String({ description: '`{service}.php`, e.g. direct.php' }),
})
const Param = (description: string) => Type.Optional(Type.String({ description }))
const KannelQuery = Type.Object(
  {
    username: Param('The user id (Kannel `smsc-username`)'),
    password: Param('An API key of type kannel (Kannel `smsc-password`)'),
    to: Param('The recipient, international format'),
    from: Param('The sender id, as `sender_id` of POST /sms'),
    text: Param('The text in `charset`; for coding 1 the data'),
    charset: Param('UTF-8 (default) or UTF-16BE (Kannel sends it for coding 2)'),
    coding: Param('0 GSM 03.38, 1 8-bit data, 2 UCS-2; absent: detected'),
    udh: Param('A user data header of the caller (one part of a concatenated message)'),
    mclass: Param('Message class 0-3'),
    validity: Param('Minutes the carrier may try'),
    deferred: Param('Minutes from now to send at'),
    'dlr-mask': Param("Kannel's report types wanted (1, 2, 4, 8, 16 summed)"),
    'dlr-url': Param('Mode B: the URL to call with each report, with Kannel escapes'),
  },
  { additionalProperties: true },
)
const TextAnswer = (description: string) => Type.String({ description })

const requestParams = new WeakMap<FastifyRequest, KannelParams>()

function paramsOf(req: FastifyRequest): KannelParams {
  let params = requestParams.get(req)
  if (params === undefined) {
    const query = req.raw.url?.split('?')[1] ?? ''
    const body = Buffer.isBuffer(req.body) ? req.body.toString('latin1') : ''
    // The query first: in a POST, a field in both counts as Kannel's cgi variables do.
    params = parseKannelParams(body === '' ? query : `${query}&${body}`)
    requestParams.set(req, params)
  }
  return params
}

function credentials(req: FastifyRequest): Credentials | null {
  const p = paramsOf(req)
  const userId = p.get('username')?.toString('utf8').trim()
  const token = p.get('password')?.toString('utf8').trim()
  return userId === undefined || token === undefined ? null : { userId, token }
}

export async function kannelRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  guard: AuthGuard,
): Promise<void> {
  // Octets, as Kannel %-escapes them (params.ts); the charset names the text's, not the body's.
  app.addContentTypeParser(FORM, { parseAs: 'buffer' }, (_req, body, done) => done(null, body))
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const e = toAppError(err, req)
    if (e.status >= 500) req.log.error({ err, requestId: req.id }, 'request failed')
    return sendTextError(reply, e)
  })
  // After the body is read: a POST carries the credentials in the form.
  app.addHook('preHandler', customerAuth(ctx, guard, ['kannel'], credentials))

  const schema = (method: 'GET' | 'POST') => ({
    tags: ['Kannel'],
    summary: `Send one SMS as Kannel's HTTP SMSC does (${method})`,
    description:
      'For Kannel `smsc = http`, `system-type = kannel`, `send-url = .../api/kannel/{service}.php`. ' +
      'Credentials are `username` (user id) and `password` (a key of type kannel). Answers 202 ' +
      '`0: Accepted for delivery` in text/plain; a refusal is a 4xx with a short plain text, and ' +
      'nothing is charged. ' +
      (method === 'POST' ? 'The parameters as an application/x-www-form-urlencoded body.' : ''),
    params: FileParam,
    ...(method === 'GET' ? { querystring: KannelQuery } : { consumes: [FORM] }),
    produces: ['text/plain'],
    security: [{ kannelUsername: [], kannelPassword: [] }],
    // Errors are documented from the catalogue, as text/plain (openapi-answers.ts).
    response: {
      202: TextAnswer(KANNEL_ACCEPTED),
      402: TextAnswer('insufficient funds'),
      422: TextAnswer('invalid'),
    },
  })

  const handler = async (
    req: FastifyRequest<{ Params: { file: string } }>,
    reply: FastifyReply,
  ) => {
    const service = serviceOf(req.params.file)
    const nowS = Math.floor(ctx.deps.clock.nowMs() / 1000)
    const command = await inRequestTerms(
      KANNEL_SMS_FIELDS,
      (async () =>
        kannelSendCommand(
          { principal: req.principal, ip: req.ip, params: paramsOf(req), service },
          nowS,
        ))(),
    )
    await inRequestTerms(KANNEL_SMS_FIELDS, sendSms(ctx.deps, command))
    return reply.status(202).type('text/plain; charset=utf-8').send(KANNEL_ACCEPTED)
  }
  app.get('/api/kannel/:file', { schema: schema('GET') }, handler)
  app.post('/api/kannel/:file', { schema: schema('POST') }, handler)
}
