import { useEffect, useState } from 'preact/hooks'
import { App } from './app.js'
import { OperatorApp } from './operator/operator-app.js'
import { isOperatorHash } from './operator/route.js'

/** The customer dashboard, or the operator console under #/operator. */
export function Root() {
  const [operator, setOperator] = useState(() => isOperatorHash(location.hash))
  useEffect(() => {
    const on = () => setOperator(isOperatorHash(location.hash))
    addEventListener('hashchange', on)
    return () => removeEventListener('hashchange', on)
  }, [])
  return operator ? <OperatorApp /> : <App />
}
