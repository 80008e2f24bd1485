import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

/** /openapi.json and /docs, generated from the route schemas that also validate requests. */
export async function installOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Taube SMS gateway',
        version: '2.20',
        description:
          'LOX24 API v2 compatible REST API. Authenticate with `X-LOX24-AUTH-TOKEN: <user_id>:<token>`. Every response carries `X-LOX24-REQUEST-ID`.',
      },
      components: {
        securitySchemes: {
          lox24Token: { type: 'apiKey', in: 'header', name: 'X-LOX24-AUTH-TOKEN' },
          adminToken: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ lox24Token: [] }],
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}
