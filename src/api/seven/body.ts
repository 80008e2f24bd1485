// Request bodies of the seven.io API: JSON or a form (seven's clients send both, the official
// one JSON), parsed into one plain object; the bytes are kept for the signature check, which
// hashes the body as it was sent.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError } from '../../errors/app-error.js'
import { JSON_TYPES } from '../json-body.js'

const FORM = 'application/x-www-form-urlencoded'

const rawBodies = new WeakMap<FastifyRequest, Buffer>()

/** The body as received; empty when there was none. */
export function rawBodyOf(req: FastifyRequest): Buffer {
  return rawBodies.get(req) ?? Buffer.alloc(0)
}

export function installSevenBodyParsers(app: FastifyInstance): void {
  app.removeContentTypeParser(JSON_TYPES)
  app.addContentTypeParser([...JSON_TYPES, FORM], { parseAs: 'buffer' }, (req, body, done) => {
    const raw = body as Buffer
    rawBodies.set(req, raw)
    const text = raw.toString('utf8')
    if (text.trim() === '') return done(null, undefined)
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
    if (type === FORM) return done(null, parseForm(text))
    try {
      done(null, JSON.parse(text))
    } catch (e) {
      done(new AppError('MALFORMED_JSON', { detail: (e as Error).message }), undefined)
    }
  })
}

/**
 * `a=1&b[0][name]=x`: PHP's bracket names (seven's `files[0][name]`) become nested objects and
 * arrays; the first value of a plain name wins.
 */
export function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, value] of new URLSearchParams(text)) {
    const path = name.match(/^([^[\]]+)((?:\[[^[\]]*\])*)$/)
    if (path === null) {
      if (!(name in out)) out[name] = value
      continue
    }
    const keys = [path[1]!, ...[...path[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)]
    setPath(out, keys, value)
  }
  return out
}

function setPath(target: Record<string, unknown>, keys: string[], value: string): void {
  let node: Record<string, unknown> = target
  for (const [i, key] of keys.entries()) {
    const k = key === '' && Array.isArray(node) ? String(node.length) : key
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') return
    if (i === keys.length - 1) {
      if (!(k in node)) node[k] = value
      return
    }
    const next = node[k]
    if (typeof next === 'object' && next !== null) node = next as Record<string, unknown>
    else {
      const child = /^\d*$/.test(keys[i + 1]!) ? [] : {}
      node[k] = child
      node = child as Record<string, unknown>
    }
  }
}
