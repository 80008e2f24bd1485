import type { Logger } from 'pino'
import type { Config } from '../config/schema.js'
import type { DeliveryPort } from '../services/delivery-port.js'
import type { ServiceDeps } from '../services/deps.js'
import type { KeyCache } from '../services/keys/authenticate.js'
import type { MetricSources } from '../shared/metric-sources.js'

/** What the HTTP surfaces are built with: all of it given when the server is built. */
export type ServerContext = {
  config: Config
  deps: ServiceDeps
  keyCache: KeyCache
  log: Logger
  metrics: MetricSources
  /** The delivery engine of this process, or NO_DELIVERY where none runs here. */
  delivery: DeliveryPort
}
