import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { decideRoute, matchRoute, type Route, type RouteQuery } from './route-table.js'

const r = (id: number, over: Partial<Route>): Route => ({
  id,
  accountId: null,
  prefix: null,
  iso2: null,
  serviceCode: null,
  connectorIds: [`c${id}`],
  ...over,
})

const ROUTES: Route[] = [
  r(1, {}),
  r(2, { iso2: 'DE' }),
  r(3, { prefix: '4917' }),
  r(4, { prefix: '49176' }),
  r(5, { accountId: 7 }),
  r(6, { accountId: 7, iso2: 'AT' }),
  r(7, { serviceCode: 'economy', iso2: 'DE' }),
  r(8, { prefix: '4917' }), // same specificity as 3: the lower id wins
]

describe('matchRoute', () => {
  const q = (over: Partial<RouteQuery>): RouteQuery => ({
    accountId: 1,
    phone: '+441234567890',
    iso2: 'GB',
    serviceCode: 'direct',
    ...over,
  })
  const cases: [string, RouteQuery, number | null][] = [
    ['catch-all', q({}), 1],
    ['country', q({ phone: '+4930123456', iso2: 'DE' }), 2],
    ['prefix beats country', q({ phone: '+491701234567', iso2: 'DE' }), 3],
    ['longest prefix', q({ phone: '+491761234567', iso2: 'DE' }), 4],
    [
      "account's own route beats any general one",
      q({ accountId: 7, phone: '+491761234567', iso2: 'DE' }),
      5,
    ],
    ["account's own with country", q({ accountId: 7, phone: '+43664123', iso2: 'AT' }), 6],
    [
      'service and country beat country',
      q({ phone: '+4930123456', iso2: 'DE', serviceCode: 'economy' }),
      7,
    ],
  ]
  for (const [name, query, expected] of cases) {
    it(name, () => assert.equal(matchRoute(ROUTES, query)?.id ?? null, expected))
  }
  it('no route when nothing matches', () => {
    assert.equal(matchRoute([r(2, { iso2: 'DE' })], q({})), null)
  })
})

describe('decideRoute', () => {
  const q: RouteQuery = { accountId: 1, phone: '+4930123', iso2: 'DE', serviceCode: 'direct' }
  const routes = [r(1, { connectorIds: ['a', 'b', 'c'] })]
  it('takes the first connector that is up and names the ones passed over', () => {
    assert.deepEqual(
      decideRoute(routes, q, (id) => id === 'c'),
      {
        ok: true,
        routeId: 1,
        connectorId: 'c',
        skipped: ['a', 'b'],
      },
    )
  })
  it('says so when every connector is down', () => {
    assert.deepEqual(
      decideRoute(routes, q, () => false),
      { ok: false, reason: 'NO_CONNECTOR_UP', routeId: 1 },
    )
  })
  it('passes over connectors that do not carry the service', () => {
    const voice = new Set(['b'])
    const carries = (id: string, service: string) => voice.has(id) === (service === 'text2speech')
    const tts = { ...q, serviceCode: 'text2speech' }
    const cases: [RouteQuery, (id: string) => boolean, object][] = [
      [tts, () => true, { ok: true, routeId: 1, connectorId: 'b', skipped: ['a'] }],
      [q, (id) => id !== 'a', { ok: true, routeId: 1, connectorId: 'c', skipped: ['a', 'b'] }],
      [tts, (id) => id !== 'b', { ok: false, reason: 'NO_CONNECTOR_UP', routeId: 1 }],
    ]
    for (const [query, isUp, decision] of cases)
      assert.deepEqual(decideRoute(routes, query, isUp, carries), decision)
    const smsOnly = [r(1, { connectorIds: ['a', 'c'] })]
    assert.deepEqual(
      decideRoute(smsOnly, tts, () => true, carries),
      { ok: false, reason: 'NO_CONNECTOR_FOR_SERVICE', routeId: 1 },
    )
  })
  it('says so when no route matches', () => {
    assert.deepEqual(
      decideRoute([], q, () => true),
      { ok: false, reason: 'NO_ROUTE', routeId: null },
    )
  })
})
