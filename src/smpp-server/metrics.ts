// The SMPP server in /metrics: binds by account and type, and what each bind carried.
import { Counter, Gauge, Registry } from 'prom-client'

export type SmppServerMetrics = {
  registry: Registry
  binds: Gauge<'system_id' | 'bind_type'>
  pdus: Counter<'system_id' | 'bind' | 'command' | 'status'>
}

export function createSmppServerMetrics(): SmppServerMetrics {
  const registry = new Registry()
  return {
    registry,
    binds: new Gauge({
      name: 'taube_smpp_server_binds',
      help: 'Customer SMPP binds open now, by account (system_id) and bind type',
      labelNames: ['system_id', 'bind_type'],
      registers: [registry],
    }),
    pdus: new Counter({
      name: 'taube_smpp_server_pdus_total',
      help: 'PDUs per bind: submit_sm, query_sm, cancel_sm answered (status ok or the refusal) and deliver_sm sent',
      labelNames: ['system_id', 'bind', 'command', 'status'],
      registers: [registry],
    }),
  }
}
