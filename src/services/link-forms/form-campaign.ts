import type { Account } from '../accounts/account-model.js'
import type { ApiKey } from '../keys/api-key-model.js'
import type { FormAction } from './form-policy.js'

/** A live subscribe or unsubscribe campaign, with the account (and key) its code SMS go out as. */
export type FormCampaign = {
  code: string
  name: string
  action: FormAction
  /** Subscribe: the group joined. Unsubscribe: the group left; null: every group of the account. */
  groupId: number | null
  account: Account
  key: ApiKey
}
