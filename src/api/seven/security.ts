/** How an operation of the seven.io API is authenticated, for the OpenAPI document (openapi.ts). */
export const SEVEN_SECURITY: { [scheme: string]: string[] }[] = [
  { sevenApiKey: [] },
  { sevenLegacyKey: [] },
]
