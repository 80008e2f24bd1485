import { randomUUID } from 'node:crypto'

export const REQUEST_ID_HEADER = 'X-LOX24-REQUEST-ID'

/** 32 alphanumeric characters (spec §2.4): a v4 UUID without dashes. */
export function newRequestId(): string {
  return randomUUID().replaceAll('-', '')
}
