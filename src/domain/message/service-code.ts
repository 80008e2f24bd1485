// SMS types (spec §5.5; `pro` from the official client's ServiceCode enum).
export const SERVICE_CODES = ['direct', 'economy', 'pro', 'text2speech'] as const
export type ServiceCode = (typeof SERVICE_CODES)[number]

export const DEFAULT_SERVICE_CODE: ServiceCode = 'direct'

/** Enabled for new accounts; voice needs a voice-capable connector, so the operator turns it on. */
export const DEFAULT_ACCOUNT_SERVICES: readonly ServiceCode[] = ['direct', 'economy', 'pro']

export function isServiceCode(s: string): s is ServiceCode {
  return (SERVICE_CODES as readonly string[]).includes(s)
}
