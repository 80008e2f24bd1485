import type { SmsRow } from '../../src/store/tables/sms.table.js'

/** A whole sms row for store-level tests: a queued one-part GSM message, changed by `over`. */
export function smsRow(over: Partial<SmsRow> & Pick<SmsRow, 'uuid'>): SmsRow {
  return {
    account_id: 1,
    key_id: null,
    bulk_id: null,
    phone: '+491701234567',
    iso2: 'DE',
    sender_id: 'T',
    text: 'x',
    is_unicode: 0,
    chars_count: 1,
    parts_count: 1,
    service_code: 'direct',
    voice_lang: null,
    callback_data: null,
    source: null,
    delivery_at: 0,
    created_at: 0,
    ip: null,
    is_text_deleted: 0,
    price_micro: 1,
    state: 'queued',
    status_code: 0,
    dlr_code: 0,
    is_sent: 0,
    gateway_sent_at: 0,
    due_at: 0,
    priority: 0,
    attempts: 0,
    lease_owner: null,
    lease_expires_at: null,
    connector_id: null,
    carrier_message_id: null,
    status_detail: null,
    updated_at: 0,
    valid_until: null,
    route_id: null,
    is_binary: 0,
    udh: null,
    in_doubt_until: null,
    message_class: null,
    facade_id: null,
    label: null,
    ...over,
  }
}

/** The n-th uuid of a test's messages: valid, time-ordered (v7 layout), and easy to read. */
export function testSmsUuid(n: number): string {
  return `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`
}
