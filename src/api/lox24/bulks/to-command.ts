// The LOX24 bulk request (spec §8.2) in the gateway's own terms, and the way back for the names
// of violated fields.
import type {
  BulkCommandField,
  SendBulkCommand,
} from '../../../services/bulks/send-bulk-command.js'
import type { CreateBulkBody } from '../../../services/bulks/bulk.schemas.js'
import type { Principal } from '../../../services/keys/authenticate.js'
import { linkTrackingOf } from '../../../services/sms/sms.schemas.js'

/** The LOX24 name of each field of the command. */
export const LOX24_BULK_FIELDS = {
  from: 'sender_id',
  text: 'text',
  numbers: 'phones',
  groupIds: 'msg_groups',
  serviceCode: 'service_code',
  sendAt: 'delivery_at',
} as const satisfies Record<BulkCommandField, string>

export function lox24BulkCommand(req: {
  principal: Principal
  ip: string | null
  body: CreateBulkBody
  dryrun: boolean
}): SendBulkCommand {
  const { body } = req
  return {
    principal: req.principal,
    ip: req.ip,
    from: body.sender_id,
    text: body.text,
    // is_unicode: null detects, false forces GSM 03.38, true UCS-2.
    encoding: body.is_unicode == null ? 'auto' : body.is_unicode ? 'ucs2' : 'gsm7',
    numbers: body.phones ?? [],
    groupIds: body.msg_groups ?? [],
    serviceCode: body.service_code ?? null,
    sendAt: body.delivery_at ?? null,
    source: body.source ?? null,
    voiceLang: body.voice_lang ?? null,
    textDeleted: body.is_text_deleted ?? null,
    dryrun: req.dryrun,
    linkTracking: linkTrackingOf(body.performance_tracking),
  }
}
