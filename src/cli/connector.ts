import { SERVICE_CODES } from '../domain/message/service-code.js'
import {
  addRoute,
  listConnectorConfigs,
  listRouteViews,
  putConnector,
  removeConnector,
  removeRoute,
} from '../services/connectors/manage-connectors.js'
import { CONNECTOR_KIND_NAMES } from '../delivery/connectors/kinds.js'
import { action, flag, optional, required, type Command } from './command.js'
import {
  accountId,
  connectorId,
  connectorIds,
  country,
  jsonFile,
  jsonObject,
  oneOf,
  prefix,
  rowId,
} from './option-kinds.js'
import { messageOutput, recordOutput, tableOutput } from './output.js'
import { withContext } from './with-context.js'

const KINDS = CONNECTOR_KIND_NAMES
const APPLIED =
  'A running gateway picks changes up through the operator API at once, or at its next start.'

export const connectorCommand: Command = {
  name: 'connector',
  summary: `carrier links (${KINDS.join(', ')}): list, put, remove`,
  notes: `${APPLIED}\nThe settings of each kind: docs/connectors.md.`,
  subcommands: {
    list: action({
      summary: 'list connectors, secrets shown as hints only',
      options: {},
      run: () =>
        withContext(async (ctx) =>
          tableOutput(
            await listConnectorConfigs(ctx.deps),
            ['id', 'kind', 'enabled', 'updated_at', 'config'],
            '(no connectors)',
          ),
        ),
    }),
    put: action({
      summary: 'create or replace a connector',
      options: {
        id: required(connectorId, "the connector's id, named by routes"),
        kind: required(oneOf(KINDS), 'what it connects to'),
        config: optional(jsonObject, "the kind's settings"),
        'config-file': optional(jsonFile, "the kind's settings, from a file"),
        disabled: flag('store it switched off'),
      },
      check: (v) =>
        (v.config === undefined) === (v['config-file'] === undefined)
          ? 'give either --config or --config-file'
          : null,
      run: (v) =>
        withContext(async (ctx) => {
          const config = (v.config ?? v['config-file'])!
          const body = { kind: v.kind, config, enabled: !v.disabled }
          return recordOutput(await putConnector(ctx.deps, v.id, body))
        }),
    }),
    remove: action({
      summary: 'remove a connector',
      options: { id: required(connectorId, "the connector's id") },
      run: (v) =>
        withContext(async (ctx) => {
          await removeConnector(ctx.deps, v.id)
          return messageOutput(`connector ${v.id} removed`, { id: v.id, removed: true })
        }),
    }),
  },
}

export const routeCommand: Command = {
  name: 'route',
  summary: 'which connectors carry which messages: list, add, remove',
  notes: APPLIED,
  subcommands: {
    list: action({
      summary: 'list routes',
      options: {},
      run: () =>
        withContext(async (ctx) =>
          tableOutput(await listRouteViews(ctx.deps), undefined, '(no routes)'),
        ),
    }),
    add: action({
      summary: 'add a route; the most specific match wins, its connectors tried in order',
      options: {
        connectors: required(connectorIds, 'the connectors, in order of preference'),
        account: optional(accountId, 'only messages of this account (default: every account)'),
        prefix: optional(prefix, 'only numbers starting so (default: every number)'),
        iso2: optional(country, 'only numbers of this country (default: every country)'),
        service: optional(
          oneOf(SERVICE_CODES),
          'only messages of this service (default: every service)',
        ),
      },
      run: (v) =>
        withContext(async (ctx) =>
          recordOutput(
            await addRoute(ctx.deps, {
              connector_ids: v.connectors,
              account_id: v.account ?? null,
              prefix: v.prefix ?? null,
              iso2: v.iso2 ?? null,
              service_code: v.service ?? null,
            }),
          ),
        ),
    }),
    remove: action({
      summary: 'remove a route',
      options: { id: required(rowId('ROUTE_ID'), 'the route id (see route list)') },
      run: (v) =>
        withContext(async (ctx) => {
          await removeRoute(ctx.deps, v.id)
          return messageOutput(`route ${v.id} removed`, { id: v.id, removed: true })
        }),
    }),
  },
}
