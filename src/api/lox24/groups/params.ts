import { Type, type Static } from '@sinclair/typebox'

/** Groups and phones take integer ids ≥ 0 in their paths (spec §10.4, §11.6). */
export const IdParam = Type.Object({
  id: Type.String({ pattern: '^[0-9]{1,15}$', description: 'Integer id' }),
})
export type IdParam = Static<typeof IdParam>

/**
 * Room for a full batch of 10,000 phones at 1 KiB each: a number, a name or two and
 * callback_data take about 150 bytes (the default limit is 1 MiB). Larger lists go through the
 * CSV upload, which streams. A body declared larger is refused before it is read; JSON bodies
 * are also checked as they arrive (json-body.ts).
 */
export const BATCH_BODY_LIMIT = 10 * 1024 * 1024
