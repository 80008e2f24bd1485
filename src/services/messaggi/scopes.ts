// What a bearer token of the messaggisms.com API may do. An API key (LOX24, type v2) holds both.
export const MESSAGGI_SCOPES = ['messages:read', 'messages:write'] as const
export type MessaggiScope = (typeof MESSAGGI_SCOPES)[number]

export function isMessaggiScope(s: string): s is MessaggiScope {
  return (MESSAGGI_SCOPES as readonly string[]).includes(s)
}
