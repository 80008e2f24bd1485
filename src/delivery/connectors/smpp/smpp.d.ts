// Types for the subset of the `smpp` package (0.5.1, farhadi/node-smpp) that smpp-session.ts
// uses. The package ships none. Only smpp-session.ts imports it.

declare module 'smpp' {
  import type { EventEmitter } from 'node:events'
  import type { Duplex } from 'node:stream'

  /** A decoded PDU: header fields, mandatory parameters and TLVs by their snake_case names. */
  export interface Pdu {
    command: string
    command_id: number
    command_status: number
    sequence_number: number
    isResponse(): boolean
    response(options?: Record<string, unknown>): Pdu
    toBuffer(): Buffer
    [param: string]: unknown
  }

  export interface PduConstructor {
    new (command: string, options?: Record<string, unknown>): Pdu
    new (buffer: Buffer): Pdu
    commandLength(stream: Duplex): number | false
    maxLength: number
  }

  export interface ParamType {
    read(buffer: Buffer, offset: number, length?: number): unknown
    size(value: unknown): number
  }

  export interface SessionOptions {
    socket: Duplex
  }

  /** Internals the raw-bytes reader in smpp-session.ts relies on (smpp.js `_extractPDUs`). */
  export class Session extends EventEmitter {
    constructor(options: SessionOptions)
    socket: Duplex & { writable: boolean }
    paused: boolean
    _busy: boolean
    _command_length: number | null
    send(pdu: Pdu): boolean
    close(): void
    destroy(): void
    _extractPDUs(): void
  }

  const smpp: {
    Session: typeof Session
    PDU: PduConstructor
    commands: Record<string, { id: number; params?: Record<string, { type: ParamType }> }>
    types: {
      int8: ParamType
      int16: ParamType
      int32: ParamType
      string: ParamType
      cstring: ParamType
      buffer: ParamType
    }
    errors: Record<string, number>
    /** Value conversions of parameters, applied on encode and decode. */
    filters: Record<string, { encode(value: unknown): unknown; decode(value: unknown): unknown }>
  }
  export default smpp
}
