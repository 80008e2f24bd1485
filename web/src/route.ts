import { useEffect, useState } from 'preact/hooks'

// Hash routes (#/messages/<uuid>): the page is always served at /, so no path of the dashboard
// can collide with a path of the API.
export type Route =
  | { page: 'overview' }
  | { page: 'send'; query: string }
  | { page: 'incomings'; query: string }
  | { page: 'messages'; query: string }
  | { page: 'message'; id: string }
  | { page: 'keys' }
  | { page: 'webhooks' }
  | { page: 'webhook'; id: string }
  | { page: 'groups' }
  | { page: 'senders' }
  | { page: 'bulks' }
  | { page: 'bulk'; id: string }
  | { page: 'group'; id: string; query: string }

export function parseRoute(hash: string): Route {
  const [path = '', q = ''] = hash.replace(/^#/, '').split('?')
  const parts = path.split('/').filter(Boolean)
  switch (parts[0]) {
    case 'send':
      return { page: 'send', query: q }
    case 'incomings':
      return { page: 'incomings', query: q }
    case 'messages':
      return parts[1]
        ? { page: 'message', id: decodeURIComponent(parts[1]) }
        : { page: 'messages', query: q }
    case 'keys':
      return { page: 'keys' }
    case 'groups':
      return parts[1]
        ? { page: 'group', id: decodeURIComponent(parts[1]), query: q }
        : { page: 'groups' }
    case 'senders':
      return { page: 'senders' }
    case 'bulks':
      return parts[1] ? { page: 'bulk', id: decodeURIComponent(parts[1]) } : { page: 'bulks' }
    case 'webhooks':
      return parts[1] ? { page: 'webhook', id: decodeURIComponent(parts[1]) } : { page: 'webhooks' }
    default:
      return { page: 'overview' }
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash))
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash))
    addEventListener('hashchange', on)
    return () => removeEventListener('hashchange', on)
  }, [])
  return route
}
