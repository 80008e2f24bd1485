// Voice connectors: carriers that place a call and read the message aloud (text2speech). They
// take the same OutboundMessage as SMS connectors, with `voice` set, and report the call's
// outcome as a delivery report (domain/voice/call-outcome.ts). Routes pick them like any other
// connector; the dispatcher hands a text2speech message only to one of these and an SMS never.
import type { Connector } from './connector.js'

export type VoiceConnector = Connector & { readonly channel: 'voice' }

export function isVoiceConnector(c: Connector | undefined): c is VoiceConnector {
  return c !== undefined && (c as Partial<VoiceConnector>).channel === 'voice'
}

/** Whether the connector carries this service: voice connectors text2speech, the others SMS. */
export function carriesService(c: Connector, serviceCode: string): boolean {
  return isVoiceConnector(c) === (serviceCode === 'text2speech')
}
