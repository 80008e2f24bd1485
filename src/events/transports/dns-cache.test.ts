import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { LookupAddress } from 'node:dns'
import { guardedLookup } from '../ssrf-guard.js'
import { DnsCache, type ResolvedAddress, type ResolveHost } from './dns-cache.js'

// The cache with a resolver played by the test: no network, time moved by hand.
function setup(answers: Record<string, ResolvedAddress[] | string>, opts = {}) {
  let nowMs = 0
  const asked: string[] = []
  const resolve: ResolveHost = async (name) => {
    asked.push(name)
    const a = answers[name]
    if (a === undefined || typeof a === 'string')
      throw Object.assign(new Error(a ?? 'ENOTFOUND'), { code: a ?? 'ENOTFOUND' })
    return a
  }
  const cache = new DnsCache(resolve, {
    nowMs: () => nowMs,
    minTtlMs: 1000,
    maxTtlMs: 60_000,
    negativeTtlMs: 5000,
    maxEntries: 3,
    ...opts,
  })
  return { cache, asked, advance: (ms: number) => (nowMs += ms) }
}

const v4 = (address: string, ttlS: number): ResolvedAddress => ({ address, family: 4, ttlS })
const v6 = (address: string, ttlS: number): ResolvedAddress => ({ address, family: 6, ttlS })

const settle = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: NodeJS.ErrnoException) => e.code,
  )

type Case = {
  name: string
  answers: Record<string, ResolvedAddress[] | string>
  /** [ms to move on first, name]: the resolver is asked again only where the entry expired. */
  lookups: [number, string][]
  asked: number
}

const CASES: Case[] = [
  {
    name: 'an answer is kept for its TTL',
    answers: { a: [v4('1.1.1.1', 30)] },
    lookups: [
      [0, 'a'],
      [29_999, 'a'],
    ],
    asked: 1,
  },
  {
    name: 'and asked again once it ran out',
    answers: { a: [v4('1.1.1.1', 30)] },
    lookups: [
      [0, 'a'],
      [30_000, 'a'],
    ],
    asked: 2,
  },
  {
    name: 'the shortest TTL of the addresses counts',
    answers: { a: [v4('1.1.1.1', 30), v6('2606:4700::1', 2)] },
    lookups: [
      [0, 'a'],
      [2000, 'a'],
    ],
    asked: 2,
  },
  {
    name: 'a TTL of 0 is kept the minimum',
    answers: { a: [v4('1.1.1.1', 0)] },
    lookups: [
      [0, 'a'],
      [999, 'a'],
      [1, 'a'],
    ],
    asked: 2,
  },
  {
    name: 'a long TTL is cut to the maximum',
    answers: { a: [v4('1.1.1.1', 86_400)] },
    lookups: [
      [0, 'a'],
      [59_999, 'a'],
      [1, 'a'],
    ],
    asked: 2,
  },
  {
    name: 'a failure is remembered for the negative TTL',
    answers: { a: 'ETIMEOUT' },
    lookups: [
      [0, 'a'],
      [4999, 'a'],
      [1, 'a'],
    ],
    asked: 2,
  },
  {
    name: 'names are case-insensitive',
    answers: { a: [v4('1.1.1.1', 30)] },
    lookups: [
      [0, 'a'],
      [0, 'A'],
    ],
    asked: 1,
  },
  {
    name: 'the oldest entry goes when more names than maxEntries are kept',
    answers: {
      a: [v4('1.1.1.1', 30)],
      b: [v4('1.1.1.2', 30)],
      c: [v4('1.1.1.3', 30)],
      d: [v4('1.1.1.4', 30)],
    },
    lookups: [
      [0, 'a'],
      [0, 'b'],
      [0, 'c'],
      [0, 'd'],
      [0, 'b'],
      [0, 'a'],
    ],
    asked: 5,
  },
]

describe('dns cache', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const { cache, asked, advance } = setup(c.answers)
      for (const [ms, name] of c.lookups) {
        advance(ms)
        await settle(cache.resolve(name))
      }
      assert.equal(asked.length, c.asked, asked.join(','))
      assert.ok(cache.size <= 3)
    })
  }

  it('lookups of one name while its query runs share that query', async () => {
    const { cache, asked } = setup({ a: [v4('1.1.1.1', 30)] })
    const all = await Promise.all([cache.resolve('a'), cache.resolve('a'), cache.resolve('a')])
    assert.equal(asked.length, 1)
    assert.deepEqual(all[2], [v4('1.1.1.1', 30)])
  })

  it('answers in the shape of dns.lookup, every address or those of the family asked for', async () => {
    const { cache } = setup({
      a: [v4('1.1.1.1', 30), v6('2606:4700::1', 30)],
      only4: [v4('1.1.1.1', 30)],
    })
    const ask = (name: string, family?: number) =>
      new Promise<[string | null, LookupAddress[]]>((resolve) =>
        cache.resolveAll(name, { all: true, ...(family ? { family } : {}) }, (err, addresses) =>
          resolve([err?.code ?? null, addresses]),
        ),
      )
    assert.deepEqual(await ask('a'), [
      null,
      [
        { address: '1.1.1.1', family: 4 },
        { address: '2606:4700::1', family: 6 },
      ],
    ])
    assert.deepEqual(await ask('a', 6), [null, [{ address: '2606:4700::1', family: 6 }]])
    assert.deepEqual(await ask('only4', 6), ['ENODATA', []])
    assert.deepEqual(await ask('nowhere'), ['ENOTFOUND', []])
  })

  it('the SSRF guard still judges every address the cache returns', async () => {
    const { cache } = setup({
      mixed: [v4('1.1.1.1', 30), v4('10.0.0.5', 30)],
      public: [v4('1.1.1.1', 30)],
    })
    const connect = (name: string) =>
      new Promise<string>((resolve) =>
        guardedLookup(false, cache.resolveAll)(name, { all: true }, (err, addresses) =>
          resolve(err ? String((err as NodeJS.ErrnoException).code) : JSON.stringify(addresses)),
        ),
      )
    assert.equal(await connect('mixed'), 'ETARGETPRIVATE')
    // Cached now: the second connection is judged the same, without asking the resolver.
    assert.equal(await connect('mixed'), 'ETARGETPRIVATE')
    assert.equal(await connect('public'), JSON.stringify([{ address: '1.1.1.1', family: 4 }]))
  })
})
