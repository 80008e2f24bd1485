import { Type, type Static } from '@sinclair/typebox'

/** Groups and phones take integer ids ≥ 0 in their paths (spec §10.4, §11.6). */
export const IdParam = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$', description: 'Integer id' }) })
export type IdParam = Static<typeof IdParam>

/** Room for a full batch of 10,000 phones with a few columns each (the default limit is 1 MiB). */
export const BATCH_BODY_LIMIT = 32 * 1024 * 1024
