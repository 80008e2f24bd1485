import { decodeText } from '../../domain/encoding/data-coding.js'
import {
  addMoPart,
  takeStaleConcats,
  type MoPart,
} from '../../store/repositories/mo-part.repository.js'
import type { IncomingRow } from '../../store/tables/incoming.table.js'
import type { ServiceDeps } from '../deps.js'
import { storeIncoming } from './store-incoming.js'

/** An inbound message, or one part of a concatenated one, as a carrier link delivered it. */
export type InboundSms = {
  connectorId: string
  from: string
  to: string
  /** Text (HTTP carriers), or the user data without its header and its SMPP data_coding. */
  content: { text: string } | { dataCoding: number; body: Uint8Array }
  /** Where this part belongs when the message came in several (UDH or SAR). */
  concat?: { ref: number; total: number; seq: number }
}

/** How long the parts of a concatenated message wait for the rest before what came is stored. */
export const MO_REASSEMBLY_MS = 5 * 60_000

type Deps = Pick<ServiceDeps, 'db' | 'outbox' | 'ids' | 'settings' | 'log' | 'clock'>

/**
 * Takes an inbound message or part. When it resolves the message (or part) is committed, so the
 * carrier may be told it arrived; a rejection means it was not kept and should be offered again.
 * Returns the stored message, or null while parts are still missing.
 */
export async function receiveMo(deps: Deps, sms: InboundSms): Promise<IncomingRow | null> {
  const { concat } = sms
  // The gateway's clock, not the carrier's: replies are matched against times it wrote itself.
  const receivedAtMs = deps.clock.nowMs()
  if (!concat || concat.total <= 1) {
    const text =
      'text' in sms.content
        ? sms.content.text
        : decodeText(sms.content.dataCoding, sms.content.body)
    const { connectorId, from, to } = sms
    return deps.db
      .transaction()
      .execute((trx) => storeIncoming(deps, trx, { connectorId, from, to, text, receivedAtMs }))
  }
  const part: MoPart =
    'text' in sms.content
      ? // A carrier that decoded the part already: kept as UCS-2 so every part joins the same way.
        {
          seq: concat.seq,
          data_coding: 8,
          body: Buffer.from(sms.content.text, 'utf16le').swap16().toString('hex'),
        }
      : {
          seq: concat.seq,
          data_coding: sms.content.dataCoding,
          body: Buffer.from(sms.content.body).toString('hex'),
        }
  return deps.db.transaction().execute(async (trx) => {
    const head = {
      // JSON, not NUL-separated: PostgreSQL text cannot hold NUL, and JSON stays unambiguous.
      concat_key: JSON.stringify([sms.connectorId, sms.from, sms.to, concat.ref, concat.total]),
      connector_id: sms.connectorId,
      from_addr: sms.from,
      to_addr: sms.to,
      total: concat.total,
      first_at: receivedAtMs,
    }
    const parts = await addMoPart(trx, head, part)
    if (!parts) return null
    const { connectorId, from, to } = sms
    return storeIncoming(deps, trx, { connectorId, from, to, text: joinParts(parts), receivedAtMs })
  })
}

/**
 * Stores, as far as they arrived, concatenated messages whose other parts never came: a
 * carrier that lost a part should not cost the customer the whole message.
 */
export async function sweepMoParts(deps: Deps): Promise<number> {
  const nowMs = deps.clock.nowMs()
  return deps.db.transaction().execute(async (trx) => {
    const stale = await takeStaleConcats(trx, nowMs - MO_REASSEMBLY_MS, 100)
    for (const { head, parts } of stale) {
      deps.log.warn(
        { connectorId: head.connector_id, parts: parts.length, total: head.total },
        'inbound SMS incomplete: stored as it came',
      )
      await storeIncoming(deps, trx, {
        connectorId: head.connector_id,
        from: head.from_addr,
        to: head.to_addr,
        text: joinParts(parts),
        receivedAtMs: nowMs,
      })
    }
    return stale.length
  })
}

/** Parts of one coding are joined before decoding (a character may straddle two parts). */
function joinParts(parts: MoPart[]): string {
  let text = ''
  let run: Buffer[] = []
  let coding = parts[0]?.data_coding ?? 0
  for (const p of parts) {
    if (p.data_coding !== coding) {
      text += decodeText(coding, Buffer.concat(run))
      run = []
      coding = p.data_coding
    }
    run.push(Buffer.from(p.body, 'hex'))
  }
  return text + decodeText(coding, Buffer.concat(run))
}
