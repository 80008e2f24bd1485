import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { IncomingMessage } from 'node:http'
import Fastify from 'fastify'
import { clientAddress } from './client-address.js'
import { trustProxyFunction } from './trust-proxy.js'

// clientAddress must name the address Fastify's req.ip names with the same trust setting: each
// case is asked of both.
const CASES: { trust: false | number | string[]; socket: string; xff?: string; ip: string }[] = [
  { trust: false, socket: '127.0.0.1', xff: '8.8.8.8', ip: '127.0.0.1' },
  { trust: ['127.0.0.1'], socket: '127.0.0.1', ip: '127.0.0.1' },
  { trust: ['127.0.0.1'], socket: '127.0.0.1', xff: '8.8.8.8', ip: '8.8.8.8' },
  { trust: ['127.0.0.1'], socket: '127.0.0.1', xff: '6.6.6.6, 8.8.8.8', ip: '8.8.8.8' },
  { trust: ['127.0.0.1'], socket: '10.0.0.9', xff: '8.8.8.8', ip: '10.0.0.9' },
  {
    trust: ['127.0.0.1', '10.0.0.0/8'],
    socket: '127.0.0.1',
    xff: '6.6.6.6,8.8.8.8 , 10.1.1.1',
    ip: '8.8.8.8',
  },
  { trust: ['127.0.0.1'], socket: '127.0.0.1', xff: ' , ,8.8.8.8,, ', ip: '8.8.8.8' },
  { trust: ['127.0.0.1'], socket: '127.0.0.1', xff: '  ', ip: '127.0.0.1' },
  { trust: ['127.0.0.1'], socket: '127.0.0.1', xff: '2001:db8::1', ip: '2001:db8::1' },
  { trust: ['127.0.0.1'], socket: '::ffff:127.0.0.1', xff: '8.8.8.8', ip: '8.8.8.8' },
  { trust: 2, socket: '127.0.0.1', xff: '1.1.1.1, 6.6.6.6, 8.8.8.8', ip: '6.6.6.6' },
  { trust: 5, socket: '127.0.0.1', xff: '6.6.6.6, 8.8.8.8', ip: '6.6.6.6' },
]

describe('clientAddress: the address Fastify gives as req.ip', () => {
  for (const c of CASES) {
    it(`${JSON.stringify(c.trust)} from ${c.socket} with ${JSON.stringify(c.xff)} → ${c.ip}`, async () => {
      const trust = trustProxyFunction(c.trust)
      const headers = c.xff === undefined ? {} : { 'x-forwarded-for': c.xff }
      const req = { socket: { remoteAddress: c.socket }, headers } as unknown as IncomingMessage
      assert.equal(clientAddress(req, trust), c.ip)
      const app = Fastify({ trustProxy: trust })
      app.get('/', async (r) => r.ip)
      const r = await app.inject({ url: '/', remoteAddress: c.socket, headers })
      assert.equal(r.body, c.ip)
      await app.close()
    })
  }
})
