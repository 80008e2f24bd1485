import type { Kysely, Transaction } from 'kysely'
import type { AccountTable, ApiKeyTable, PriceTable } from './tables/account.table.js'
import type { IdempotencyKeyTable, SmsTable } from './tables/sms.table.js'
import type { EventAttemptTable, EventDeliveryTable, WebhookTable } from './tables/event.table.js'
import type { GroupTable, PhoneTable } from './tables/group.table.js'
import type { BulkTable } from './tables/bulk.table.js'
import type { KannelDlrUrlTable } from './tables/kannel-dlr-url.table.js'
import type { SevenFileTable } from './tables/seven-file.table.js'
import type { LinkFormAttemptTable } from './tables/link-form.table.js'
import type { SevenHookTable } from './tables/seven-hook.table.js'
import type {
  LinkClickTable,
  ShortLinkCampaignTable,
  ShortLinkTable,
} from './tables/short-link.table.js'
import type { SevenMessageTable, SevenNonceTable } from './tables/seven.table.js'
import type {
  InboundNumberTable,
  IncomingTable,
  MoConcatTable,
  MoPartTable,
} from './tables/incoming.table.js'
import type { ConnectorSlotTable, WorkerTable } from './tables/cluster.table.js'
import type { SenderCodeSendTable, SenderNumberTable } from './tables/sender-number.table.js'
import type { SenderIdTable } from './tables/sender-id.table.js'
import type {
  AuthBlockTable,
  AuthFailureTable,
  AuthKnownAddressTable,
} from './tables/auth.table.js'
import type {
  ConnectorTable,
  PendingReceiptTable,
  RouteTable,
  SmsPartTable,
  WireJournalTable,
} from './tables/delivery.table.js'

import type { SmppMoTable, SmppReceiptTable } from './tables/smpp-receipt.table.js'
import type { SmsReceiptTable } from './tables/sms-receipt.table.js'
import type { EndedSessionTable } from './tables/session.table.js'
import type {
  PushwooshApplicationTable,
  PushwooshDeviceTable,
  PushwooshMessageTable,
  PushwooshPresetTable,
} from './tables/pushwoosh.table.js'
import type { FraudCheckTable } from './tables/fraud-check.table.js'
import type {
  MessaggiMessageTable,
  MessaggiRecipientTable,
  MessaggiTokenTable,
} from './tables/messaggi.table.js'

export type Database = {
  accounts: AccountTable
  api_keys: ApiKeyTable
  prices: PriceTable
  sms: SmsTable
  idempotency_keys: IdempotencyKeyTable
  connectors: ConnectorTable
  routes: RouteTable
  sms_parts: SmsPartTable
  pending_receipts: PendingReceiptTable
  webhooks: WebhookTable
  event_deliveries: EventDeliveryTable
  event_attempts: EventAttemptTable
  groups: GroupTable
  phones: PhoneTable
  bulks: BulkTable
  inbound_numbers: InboundNumberTable
  incomings: IncomingTable
  mo_concat: MoConcatTable
  mo_parts: MoPartTable
  workers: WorkerTable
  connector_slots: ConnectorSlotTable
  sender_numbers: SenderNumberTable
  sender_code_sends: SenderCodeSendTable
  auth_failures: AuthFailureTable
  auth_blocks: AuthBlockTable
  auth_known_addresses: AuthKnownAddressTable
  wire_journal: WireJournalTable
  smpp_receipts: SmppReceiptTable
  smpp_mo: SmppMoTable
  seven_nonces: SevenNonceTable
  seven_messages: SevenMessageTable

  kannel_dlr_urls: KannelDlrUrlTable
  seven_files: SevenFileTable
  seven_hooks: SevenHookTable
  sms_receipts: SmsReceiptTable
  ended_sessions: EndedSessionTable
  pushwoosh_applications: PushwooshApplicationTable
  pushwoosh_presets: PushwooshPresetTable
  pushwoosh_devices: PushwooshDeviceTable
  pushwoosh_messages: PushwooshMessageTable
  sender_ids: SenderIdTable
  short_link_campaigns: ShortLinkCampaignTable
  short_links: ShortLinkTable
  link_clicks: LinkClickTable
  link_form_attempts: LinkFormAttemptTable
  fraud_checks: FraudCheckTable
  messaggi_tokens: MessaggiTokenTable
  messaggi_messages: MessaggiMessageTable
  messaggi_recipients: MessaggiRecipientTable
}

export type Dialect = 'sqlite' | 'postgres'

/** Repositories take either the database or a transaction, so use cases compose them in one. */
export type Db = Kysely<Database> | Transaction<Database>
