// The hottest public address, GET /l/{code}, answered before the framework sees the request:
// Fastify's routing, hooks and reply objects cost more than the redirect itself (a profile of
// the redirect bench: about 40 % of the gateway's CPU was Fastify's, 11 % the clicks' writes).
// Only a known link whose answer the resolver holds takes this lane; anything else (an unknown,
// gone or form link, a first request for a code) goes on to Fastify, which answers it as
// before. The HTTP edge (http-edge.ts) puts the lane in front and keeps its own checks first.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ClickRecorder } from '../../services/links/click-recorder.js'
import type { LinkResolver } from '../../services/links/resolve-link.js'
import { INCOMING_REQUEST_ID_HEADER, REQUEST_ID_HEADER, requestIdFor } from '../request-id.js'
import { clientAddress } from '../client-address.js'
import { clippedHeader } from './redirect-routes.js'

/** Answers a request and says so, or leaves it untouched for the framework. */
export type FastLane = (req: IncomingMessage, res: ServerResponse) => boolean

const PREFIX = '/l/'

export type RedirectFastLaneOptions = {
  resolver: LinkResolver
  clicks: ClickRecorder
  nowMs: () => number
  /** The trust-proxy function Fastify gets, so the click has the address req.ip would give. */
  trust: false | ((addr: string, hop: number) => boolean)
  /** Counts the answer as the HTTP metrics count Fastify's. */
  answered: (method: string, route: string, status: number, seconds: number) => void
}

export function redirectFastLane(opts: RedirectFastLaneOptions): FastLane {
  return (req, res) => {
    const url = req.url
    if (req.method !== 'GET' || url === undefined || !url.startsWith(PREFIX)) return false
    const answer = opts.resolver.peek(url.slice(PREFIX.length))
    if (answer === undefined || answer.kind !== 'redirect') return false
    const began = performance.now()
    opts.clicks.record({
      link: answer.link,
      url: answer.url,
      atMs: opts.nowMs(),
      ip: clientAddress(req, opts.trust),
      userAgent: clippedHeader(req.headers['user-agent']),
      referer: clippedHeader(req.headers.referer),
    })
    const id = requestIdFor(req)
    res.writeHead(302, {
      'cache-control': 'no-store',
      location: answer.url,
      [REQUEST_ID_HEADER]: id,
      [INCOMING_REQUEST_ID_HEADER]: id,
      'content-length': '0',
    })
    res.end()
    opts.answered('GET', '/l/:code', 302, (performance.now() - began) / 1000)
    return true
  }
}
