// Types for the part of the `smpp` package (0.5.1, farhadi/node-smpp) that tests compare our
// protocol tables and codec with. The package ships none; no runtime code imports it.

declare module 'smpp' {
  export interface Pdu {
    toBuffer(): Buffer
  }

  const smpp: {
    PDU: new (command: string, options?: Record<string, unknown>) => Pdu
    commands: Record<string, { id: number }>
    tlvs: Record<string, { id: number }>
    errors: Record<string, number>
  }
  export default smpp
}
