import type { Selectable } from 'kysely'

export type FraudCheckTable = {
  uuid: string
  account_id: number
  service_code: string
  priority: number // lower is sooner: `direct` first
  status_code: number // 0 pending, 100 done, 5000 failed
  risk_score: number | null
  callback_data: string | null
  phone: string | null
  email: string | null
  ip: string | null
  address: string | null // JSON object
  result: string | null // JSON, once scored
  price_micro: number
  attempts: number
  lease_owner: string | null
  lease_expires_at: number | null // unix ms
  created_at: number // unix s
  updated_at: number // unix s
}

export type FraudCheckRow = Selectable<FraudCheckTable>
