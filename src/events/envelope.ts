import type { EventDeliveryRow } from '../store/tables/event.table.js'
import { API_VERSION, type EventEnvelope } from './event-types.js'

type EnvelopeSource = Pick<
  EventDeliveryRow,
  'event_id' | 'name' | 'created_at' | 'attempt_total' | 'data' | 'task_id'
>

/** The envelope (spec §16.2); id and notification_task_id stay the same across attempts. */
export function envelope(row: EnvelopeSource, attemptNumber: number): EventEnvelope {
  const data = JSON.parse(row.data) as unknown
  return { ...head(row, attemptNumber), data, notification_task_id: row.task_id }
}

/**
 * JSON.stringify(envelope(row, n)), with the stored data spliced in as it is: it is JSON
 * already, so a webhook body costs no parse and no second stringify of it.
 */
export function envelopeJson(row: EnvelopeSource, attemptNumber: number): string {
  const start = JSON.stringify(head(row, attemptNumber)).slice(0, -1)
  return `${start},"data":${row.data},"notification_task_id":${JSON.stringify(row.task_id)}}`
}

type Head = Omit<EventEnvelope, 'data' | 'notification_task_id'>

function head(row: EnvelopeSource, attemptNumber: number): Head {
  return {
    id: row.event_id,
    api_version: API_VERSION,
    name: row.name,
    created_at: Number(row.created_at),
    attempt_total: row.attempt_total,
    attempt_number: attemptNumber,
  }
}
