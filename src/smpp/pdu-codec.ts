// Reads and writes SMPP 3.4 PDUs from the tables in pdu-tables.ts. Message bytes (short_message,
// message_payload) stay bytes: callers decode text with the domain codecs.
import {
  RESPONSE_BIT,
  SMPP_COMMANDS,
  SMPP_TLVS,
  type SmppCommand,
  type TlvType,
  type WireType,
} from './pdu-tables.js'

/** A decoded PDU: header fields, mandatory parameters and TLVs by their SMPP names. */
export type SmppPdu = {
  /** 'unknown' for a command_id outside SMPP 3.4. */
  command: string
  command_id: number
  command_status: number
  sequence_number: number
  [param: string]: unknown
}

export type SmppParams = Record<string, unknown>

const HEADER = 16

/**
 * The largest PDU read: a message_payload may hold 64 KiB (§5.3.2.32), and an SMSC that sends
 * more is not speaking SMPP.
 */
const MAX_PDU_LENGTH = HEADER + 1024 + 0x10000

const BY_ID = new Map<number, SmppCommand>(
  Object.entries(SMPP_COMMANDS).map(([name, c]) => [c.id, name as SmppCommand]),
)
const TLV_BY_TAG = new Map<number, { name: string; type: TlvType }>(
  Object.entries(SMPP_TLVS).map(([name, t]) => [t.tag, { name, type: t.type }]),
)
const TLVS: Record<string, { tag: number; type: TlvType } | undefined> = SMPP_TLVS
/** Names that are mandatory parameters of a command (message_state is one of query_sm_resp). */
const MANDATORY = new Map<SmppCommand, ReadonlySet<string>>(
  Object.entries(SMPP_COMMANDS).map(([name, c]) => [
    name as SmppCommand,
    new Set((c.params ?? []).map(([param]) => param)),
  ]),
)
const EMPTY = Buffer.alloc(0)

export class PduError extends Error {
  override name = 'PduError'
}

export function isResponse(pdu: SmppPdu): boolean {
  return (pdu.command_id & RESPONSE_BIT) !== 0
}

/**
 * The command that answers `command`: its _resp, or generic_nack for a command this codec does
 * not know (§2.3: the SMSC or ESME answers those with generic_nack, ESME_RINVCMDID).
 */
export function responseCommand(command: string): SmppCommand {
  const resp = `${command}_resp`
  return resp in SMPP_COMMANDS ? (resp as SmppCommand) : 'generic_nack'
}

/**
 * One PDU as bytes. Mandatory parameters that `params` lacks go as 0 or empty; TLVs go for every
 * TLV name in `params` whose value is not undefined. A response with a command_status other than
 * 0 is the header alone (§3.3: the body of an error response is not sent).
 */
export function encodePdu(
  command: SmppCommand,
  sequence: number,
  params: SmppParams = {},
  commandStatus = 0,
): Buffer {
  const def = SMPP_COMMANDS[command]
  const mandatory = commandStatus !== 0 && (def.id & RESPONSE_BIT) !== 0 ? null : def.params
  const names = MANDATORY.get(command)!
  let length = HEADER
  if (mandatory) {
    for (const [name, type] of mandatory) length += wireSize(type, params[name], name)
    for (const name in params) {
      const tlv = TLVS[name]
      const value = params[name]
      if (tlv && value !== undefined && !names.has(name))
        length += 4 + tlvSize(tlv.type, value, name)
    }
  }
  const out = Buffer.allocUnsafe(length)
  out.writeUInt32BE(length, 0)
  out.writeUInt32BE(def.id, 4)
  out.writeUInt32BE(commandStatus >>> 0, 8)
  out.writeUInt32BE(sequence >>> 0, 12)
  let offset = HEADER
  if (mandatory) {
    for (const [name, type] of mandatory) offset = writeWire(out, offset, type, params[name])
    for (const name in params) {
      const tlv = TLVS[name]
      const value = params[name]
      if (!tlv || value === undefined || names.has(name)) continue
      const size = tlvSize(tlv.type, value, name)
      out.writeUInt16BE(tlv.tag, offset)
      out.writeUInt16BE(size, offset + 2)
      offset = writeTlv(out, offset + 4, tlv.type, value, size)
    }
  }
  return out
}

/**
 * One PDU from its bytes (the whole PDU, header included). Mandatory parameters are read while
 * the body lasts (an error response carries none); unknown TLVs are skipped.
 */
export function decodePdu(raw: Buffer): SmppPdu {
  if (raw.length < HEADER)
    throw new PduError(`PDU of ${raw.length} octets is shorter than its header`)
  const length = raw.readUInt32BE(0)
  if (length !== raw.length)
    throw new PduError(`command_length ${length} does not match ${raw.length} octets`)
  const commandId = raw.readUInt32BE(4)
  const command = BY_ID.get(commandId)
  const pdu: SmppPdu = {
    command: command ?? 'unknown',
    command_id: commandId,
    command_status: raw.readUInt32BE(8),
    sequence_number: raw.readUInt32BE(12),
  }
  const mandatory = command ? SMPP_COMMANDS[command].params : null
  if (!mandatory) return pdu
  let offset = HEADER
  for (const [name, type] of mandatory) {
    if (offset >= length) return pdu
    offset = readWire(raw, offset, type, pdu, name)
  }
  while (offset + 4 <= length) {
    const tag = raw.readUInt16BE(offset)
    const size = raw.readUInt16BE(offset + 2)
    offset += 4
    if (offset + size > length) throw new PduError(`TLV 0x${tag.toString(16)} runs past the PDU`)
    const tlv = TLV_BY_TAG.get(tag)
    if (tlv) pdu[tlv.name] = readTlv(raw, offset, tlv.type, size)
    offset += size
  }
  return pdu
}

/**
 * Splits a byte stream into PDUs: feed it what the socket reads, in order. Throws PduError on a
 * length no PDU can have: the stream cannot be resynchronised after that.
 */
export class PduReader {
  #rest: Buffer = EMPTY

  /** Hands each PDU that `chunk` completes to `onPdu`, in order, while `more()` says so. */
  read(chunk: Buffer, onPdu: (pdu: SmppPdu) => void, more: () => boolean = () => true): void {
    const data = this.#rest.length === 0 ? chunk : Buffer.concat([this.#rest, chunk])
    this.#rest = EMPTY
    let offset = 0
    while (data.length - offset >= 4 && more()) {
      const length = data.readUInt32BE(offset)
      if (length < HEADER || length > MAX_PDU_LENGTH) {
        throw new PduError(`PDU length ${length} is outside ${HEADER}..${MAX_PDU_LENGTH}`)
      }
      if (data.length - offset < length) break
      const pdu = decodePdu(data.subarray(offset, offset + length))
      offset += length
      onPdu(pdu)
    }
    // A partial PDU is copied so that it does not hold on to the whole chunk.
    if (offset < data.length) this.#rest = Buffer.from(data.subarray(offset))
  }
}

function bytesOf(value: unknown, name: string): Uint8Array {
  if (value === undefined || value === null) return EMPTY
  if (value instanceof Uint8Array) return value
  if (typeof value === 'string') return Buffer.from(value, 'latin1')
  throw new PduError(`${name} must be bytes`)
}

function textOf(value: unknown, name: string): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  throw new PduError(`${name} must be text`)
}

function intOf(value: unknown, name: string, max: number): number {
  if (value === undefined || value === null) return 0
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max)
    return value
  throw new PduError(`${name} must be an integer 0..${max}`)
}

function wireSize(type: WireType, value: unknown, name: string): number {
  switch (type) {
    case 'int8':
      return 1
    case 'int16':
      return 2
    case 'int32':
      return 4
    case 'cstring':
      return textOf(value, name).length + 1
    case 'octets8': {
      const size = bytesOf(value, name).length
      if (size > 255) throw new PduError(`${name} holds ${size} octets, at most 255 fit`)
      return 1 + size
    }
  }
}

function tlvSize(type: TlvType, value: unknown, name: string): number {
  switch (type) {
    case 'string':
      return textOf(value, name).length
    case 'octets': {
      const size = bytesOf(value, name).length
      if (size > 0xffff) throw new PduError(`${name} holds ${size} octets, at most 65535 fit`)
      return size
    }
    default:
      return wireSize(type, value, name)
  }
}

function writeWire(out: Buffer, offset: number, type: WireType, value: unknown): number {
  switch (type) {
    case 'int8':
      return out.writeUInt8(intOf(value, 'int8', 0xff), offset)
    case 'int16':
      return out.writeUInt16BE(intOf(value, 'int16', 0xffff), offset)
    case 'int32':
      return out.writeUInt32BE(intOf(value, 'int32', 0xffffffff), offset)
    case 'cstring': {
      const text = textOf(value, 'cstring')
      offset += out.write(text, offset, 'latin1')
      out[offset] = 0
      return offset + 1
    }
    case 'octets8': {
      const bytes = bytesOf(value, 'octets')
      out[offset] = bytes.length
      out.set(bytes, offset + 1)
      return offset + 1 + bytes.length
    }
  }
}

function writeTlv(
  out: Buffer,
  offset: number,
  type: TlvType,
  value: unknown,
  size: number,
): number {
  switch (type) {
    case 'int8':
    case 'int16':
    case 'int32':
    case 'cstring':
      return writeWire(out, offset, type, value)
    case 'string':
      out.write(textOf(value, 'string'), offset, 'latin1')
      return offset + size
    case 'octets':
      out.set(bytesOf(value, 'octets'), offset)
      return offset + size
  }
}

function readWire(raw: Buffer, offset: number, type: WireType, pdu: SmppPdu, name: string): number {
  switch (type) {
    case 'int8':
      pdu[name] = raw[offset]
      return offset + 1
    case 'int16':
      pdu[name] = raw.readUInt16BE(offset)
      return offset + 2
    case 'int32':
      pdu[name] = raw.readUInt32BE(offset)
      return offset + 4
    case 'cstring': {
      const end = raw.indexOf(0, offset)
      if (end < 0) throw new PduError(`${name} has no terminating NUL`)
      pdu[name] = raw.toString('latin1', offset, end)
      return end + 1
    }
    case 'octets8': {
      const size = raw[offset]!
      if (offset + 1 + size > raw.length) throw new PduError(`${name} runs past the PDU`)
      pdu[name] = raw.subarray(offset + 1, offset + 1 + size)
      return offset + 1 + size
    }
  }
}

function readTlv(raw: Buffer, offset: number, type: TlvType, size: number): unknown {
  switch (type) {
    case 'int8':
      return size >= 1 ? raw[offset] : 0
    case 'int16':
      return size >= 2 ? raw.readUInt16BE(offset) : 0
    case 'int32':
      return size >= 4 ? raw.readUInt32BE(offset) : 0
    case 'cstring': {
      // Up to the NUL; a carrier that leaves the NUL out still means the text.
      const nul = raw.indexOf(0, offset)
      return raw.toString('latin1', offset, nul >= 0 && nul < offset + size ? nul : offset + size)
    }
    case 'string':
      return raw.toString('latin1', offset, offset + size)
    case 'octets':
      return raw.subarray(offset, offset + size)
  }
}
