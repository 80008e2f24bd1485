import { useEffect, useState } from 'preact/hooks'

// The operator console lives under #/operator/…, beside the customer pages.
export const OPERATOR_PAGES = [
  'accounts',
  'keys',
  'prices',
  'connectors',
  'routes',
  'monitor',
] as const
export type OperatorPage = (typeof OPERATOR_PAGES)[number]

export const isOperatorHash = (hash: string) => /^#\/operator(\/|$)/.test(hash)

export function parseOperatorPage(hash: string): OperatorPage {
  const page = hash.replace(/^#\/operator\/?/, '').split(/[/?]/)[0]
  return OPERATOR_PAGES.find((p) => p === page) ?? 'accounts'
}

export function useOperatorPage(): OperatorPage {
  const [page, setPage] = useState(() => parseOperatorPage(location.hash))
  useEffect(() => {
    const on = () => setPage(parseOperatorPage(location.hash))
    addEventListener('hashchange', on)
    return () => removeEventListener('hashchange', on)
  }, [])
  return page
}
