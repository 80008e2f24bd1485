export type WorkerTable = {
  id: string
  role: string
  expires_at: number // unix ms
}

/** Session `slot` of a connector, held by the worker `owner` until `expires_at` (unix ms). */
export type ConnectorSlotTable = {
  connector_id: string
  slot: number
  owner: string | null
  expires_at: number | null
}
