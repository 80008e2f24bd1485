// SMPP 3.4 as data: command ids, the mandatory parameters of each command in wire order, and the
// optional parameters (TLVs) by tag. pdu-codec.ts reads and writes PDUs from these tables alone.

/** How a value is laid out on the wire. */
export type WireType =
  | 'int8'
  | 'int16'
  | 'int32'
  /** NUL-terminated octets (C-Octet String), read as latin1 text. */
  | 'cstring'
  /** One length octet, then that many octets (sm_length + short_message): raw bytes. */
  | 'octets8'

/** TLV values: their length is the TLV's; `string` is text without a NUL, `octets` raw bytes. */
export type TlvType = 'int8' | 'int16' | 'int32' | 'cstring' | 'string' | 'octets'

const SOURCE = [
  ['source_addr_ton', 'int8'],
  ['source_addr_npi', 'int8'],
  ['source_addr', 'cstring'],
] as const

const DESTINATION = [
  ['dest_addr_ton', 'int8'],
  ['dest_addr_npi', 'int8'],
  ['destination_addr', 'cstring'],
] as const

const ADDRESSED_MESSAGE = [
  ['service_type', 'cstring'],
  ...SOURCE,
  ...DESTINATION,
  ['esm_class', 'int8'],
  ['protocol_id', 'int8'],
  ['priority_flag', 'int8'],
  ['schedule_delivery_time', 'cstring'],
  ['validity_period', 'cstring'],
  ['registered_delivery', 'int8'],
  ['replace_if_present_flag', 'int8'],
  ['data_coding', 'int8'],
  ['sm_default_msg_id', 'int8'],
  ['short_message', 'octets8'],
] as const

const BIND = [
  ['system_id', 'cstring'],
  ['password', 'cstring'],
  ['system_type', 'cstring'],
  ['interface_version', 'int8'],
  ['addr_ton', 'int8'],
  ['addr_npi', 'int8'],
  ['address_range', 'cstring'],
] as const

const MESSAGE_ID = [['message_id', 'cstring']] as const
const SYSTEM_ID = [['system_id', 'cstring']] as const
const NONE = [] as const

/**
 * Every SMPP 3.4 command (§5.1.2.1) with its mandatory parameters (§4). Commands whose body this
 * gateway never reads (submit_multi with its address lists) have `null`: they are recognised and
 * answered, their body is not decoded.
 */
export const SMPP_COMMANDS = {
  generic_nack: { id: 0x80000000, params: NONE },
  bind_receiver: { id: 0x00000001, params: BIND },
  bind_receiver_resp: { id: 0x80000001, params: SYSTEM_ID },
  bind_transmitter: { id: 0x00000002, params: BIND },
  bind_transmitter_resp: { id: 0x80000002, params: SYSTEM_ID },
  query_sm: { id: 0x00000003, params: [['message_id', 'cstring'], ...SOURCE] },
  query_sm_resp: {
    id: 0x80000003,
    params: [
      ['message_id', 'cstring'],
      ['final_date', 'cstring'],
      ['message_state', 'int8'],
      ['error_code', 'int8'],
    ],
  },
  submit_sm: { id: 0x00000004, params: ADDRESSED_MESSAGE },
  submit_sm_resp: { id: 0x80000004, params: MESSAGE_ID },
  deliver_sm: { id: 0x00000005, params: ADDRESSED_MESSAGE },
  deliver_sm_resp: { id: 0x80000005, params: MESSAGE_ID },
  unbind: { id: 0x00000006, params: NONE },
  unbind_resp: { id: 0x80000006, params: NONE },
  replace_sm: {
    id: 0x00000007,
    params: [
      ['message_id', 'cstring'],
      ...SOURCE,
      ['schedule_delivery_time', 'cstring'],
      ['validity_period', 'cstring'],
      ['registered_delivery', 'int8'],
      ['sm_default_msg_id', 'int8'],
      ['short_message', 'octets8'],
    ],
  },
  replace_sm_resp: { id: 0x80000007, params: NONE },
  cancel_sm: {
    id: 0x00000008,
    params: [['service_type', 'cstring'], ['message_id', 'cstring'], ...SOURCE, ...DESTINATION],
  },
  cancel_sm_resp: { id: 0x80000008, params: NONE },
  bind_transceiver: { id: 0x00000009, params: BIND },
  bind_transceiver_resp: { id: 0x80000009, params: SYSTEM_ID },
  outbind: {
    id: 0x0000000b,
    params: [
      ['system_id', 'cstring'],
      ['password', 'cstring'],
    ],
  },
  enquire_link: { id: 0x00000015, params: NONE },
  enquire_link_resp: { id: 0x80000015, params: NONE },
  submit_multi: { id: 0x00000021, params: null },
  submit_multi_resp: { id: 0x80000021, params: null },
  alert_notification: {
    id: 0x00000102,
    params: [
      ...SOURCE,
      ['esme_addr_ton', 'int8'],
      ['esme_addr_npi', 'int8'],
      ['esme_addr', 'cstring'],
    ],
  },
  data_sm: {
    id: 0x00000103,
    params: [
      ['service_type', 'cstring'],
      ...SOURCE,
      ...DESTINATION,
      ['esm_class', 'int8'],
      ['registered_delivery', 'int8'],
      ['data_coding', 'int8'],
    ],
  },
  data_sm_resp: { id: 0x80000103, params: MESSAGE_ID },
} as const satisfies Record<
  string,
  { id: number; params: readonly (readonly [string, WireType])[] | null }
>

export type SmppCommand = keyof typeof SMPP_COMMANDS

/** The optional parameters of SMPP 3.4 (§5.3.2) by name. */
export const SMPP_TLVS = {
  dest_addr_subunit: { tag: 0x0005, type: 'int8' },
  dest_network_type: { tag: 0x0006, type: 'int8' },
  dest_bearer_type: { tag: 0x0007, type: 'int8' },
  dest_telematics_id: { tag: 0x0008, type: 'int16' },
  source_addr_subunit: { tag: 0x000d, type: 'int8' },
  source_network_type: { tag: 0x000e, type: 'int8' },
  source_bearer_type: { tag: 0x000f, type: 'int8' },
  source_telematics_id: { tag: 0x0010, type: 'int16' },
  qos_time_to_live: { tag: 0x0017, type: 'int32' },
  payload_type: { tag: 0x0019, type: 'int8' },
  additional_status_info_text: { tag: 0x001d, type: 'cstring' },
  receipted_message_id: { tag: 0x001e, type: 'cstring' },
  ms_msg_wait_facilities: { tag: 0x0030, type: 'int8' },
  privacy_indicator: { tag: 0x0201, type: 'int8' },
  source_subaddress: { tag: 0x0202, type: 'octets' },
  dest_subaddress: { tag: 0x0203, type: 'octets' },
  user_message_reference: { tag: 0x0204, type: 'int16' },
  user_response_code: { tag: 0x0205, type: 'int8' },
  source_port: { tag: 0x020a, type: 'int16' },
  dest_port: { tag: 0x020b, type: 'int16' },
  sar_msg_ref_num: { tag: 0x020c, type: 'int16' },
  language_indicator: { tag: 0x020d, type: 'int8' },
  sar_total_segments: { tag: 0x020e, type: 'int8' },
  sar_segment_seqnum: { tag: 0x020f, type: 'int8' },
  sc_interface_version: { tag: 0x0210, type: 'int8' },
  callback_num_pres_ind: { tag: 0x0302, type: 'int8' },
  callback_num_atag: { tag: 0x0303, type: 'octets' },
  number_of_messages: { tag: 0x0304, type: 'int8' },
  callback_num: { tag: 0x0381, type: 'octets' },
  dpf_result: { tag: 0x0420, type: 'int8' },
  set_dpf: { tag: 0x0421, type: 'int8' },
  ms_availability_status: { tag: 0x0422, type: 'int8' },
  network_error_code: { tag: 0x0423, type: 'octets' },
  message_payload: { tag: 0x0424, type: 'octets' },
  delivery_failure_reason: { tag: 0x0425, type: 'int8' },
  more_messages_to_send: { tag: 0x0426, type: 'int8' },
  message_state: { tag: 0x0427, type: 'int8' },
  ussd_service_op: { tag: 0x0501, type: 'int8' },
  display_time: { tag: 0x1201, type: 'int8' },
  sms_signal: { tag: 0x1203, type: 'int16' },
  ms_validity: { tag: 0x1204, type: 'int8' },
  alert_on_message_delivery: { tag: 0x130c, type: 'octets' },
  its_reply_type: { tag: 0x1380, type: 'int8' },
  its_session_info: { tag: 0x1383, type: 'octets' },
} as const satisfies Record<string, { tag: number; type: TlvType }>

/** SMPP 3.4 §2.2.1: a response has bit 31 of its command_id set. */
export const RESPONSE_BIT = 0x80000000
