// Which connectors carry a message: the most specific matching route, its connectors in
// failover order. Jasmin's model (ordered filters → connector), reduced to four criteria.

export type Route = {
  id: number
  /** null = every account */
  accountId: number | null
  /** E.164 digits without '+', e.g. '4917'; null = any number */
  prefix: string | null
  iso2: string | null
  serviceCode: string | null
  connectorIds: string[]
}

export type RouteQuery = {
  accountId: number
  phone: string
  iso2: string | null
  serviceCode: string
}

export function routeMatches(r: Route, q: RouteQuery): boolean {
  return (
    (r.accountId === null || r.accountId === q.accountId) &&
    (r.prefix === null || q.phone.replace(/^\+/, '').startsWith(r.prefix)) &&
    (r.iso2 === null || r.iso2 === q.iso2) &&
    (r.serviceCode === null || r.serviceCode === q.serviceCode)
  )
}

/**
 * The most specific route: an account's own before a general one, then the longest prefix,
 * then one naming the country, then one naming the service; the lowest id breaks ties.
 */
export function matchRoute(routes: readonly Route[], q: RouteQuery): Route | null {
  let best: Route | null = null
  for (const r of routes) {
    if (routeMatches(r, q) && (best === null || compareSpecificity(r, best) < 0)) best = r
  }
  return best
}

function compareSpecificity(a: Route, b: Route): number {
  const key = (r: Route) => [
    r.accountId === null ? 1 : 0,
    -(r.prefix?.length ?? 0),
    r.iso2 === null ? 1 : 0,
    r.serviceCode === null ? 1 : 0,
    r.id,
  ]
  const ka = key(a)
  const kb = key(b)
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!
  return 0
}

export type RouteDecision =
  | { ok: true; routeId: number; connectorId: string; skipped: string[] }
  | {
      ok: false
      reason: 'NO_ROUTE' | 'NO_CONNECTOR_UP' | 'NO_CONNECTOR_FOR_SERVICE'
      routeId: number | null
    }

/**
 * The first connector of the route that is up and carries the message's service (a voice
 * connector for text2speech, an SMS connector otherwise); the ones passed over are named. A
 * route none of whose connectors can carry the service at all is NO_CONNECTOR_FOR_SERVICE.
 */
export function decideRoute(
  routes: readonly Route[],
  q: RouteQuery,
  isUp: (connectorId: string) => boolean,
  /** false only for a connector known not to carry the service. */
  carries: (connectorId: string, serviceCode: string) => boolean = () => true,
): RouteDecision {
  const route = matchRoute(routes, q)
  if (route === null) return { ok: false, reason: 'NO_ROUTE', routeId: null }
  const skipped: string[] = []
  let unfit = 0
  for (const id of route.connectorIds) {
    if (!carries(id, q.serviceCode)) unfit++
    else if (isUp(id)) return { ok: true, routeId: route.id, connectorId: id, skipped }
    skipped.push(id)
  }
  const reason =
    unfit > 0 && unfit === route.connectorIds.length
      ? 'NO_CONNECTOR_FOR_SERVICE'
      : 'NO_CONNECTOR_UP'
  return { ok: false, reason, routeId: route.id }
}
