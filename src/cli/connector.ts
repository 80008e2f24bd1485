import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { addRoute, listConnectorConfigs, listRouteViews, putConnector, removeConnector, removeRoute } from '../services/connectors/manage-connectors.js'
import { printJson, withContext } from './with-context.js'

const CONNECTOR_USAGE = `usage:
  taube connector list
  taube connector put --id ID --kind smpp|simulator --config '{"host":"…",…}' | --config-file FILE [--disabled]
  taube connector remove --id ID
A running gateway picks changes up through the operator API at once, or at its next start.`

export async function connectorCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  const { values } = parseArgs({
    args: rest,
    options: {
      id: { type: 'string' },
      kind: { type: 'string' },
      config: { type: 'string' },
      'config-file': { type: 'string' },
      disabled: { type: 'boolean' },
    },
  })
  switch (sub) {
    case 'list':
      return withContext(async (ctx) => printJson(await listConnectorConfigs(ctx.deps)))
    case 'put': {
      const text = values['config-file'] ? readFileSync(values['config-file'], 'utf8') : values.config
      if (!values.id || !values.kind || text === undefined) break
      let config: Record<string, unknown>
      try {
        config = JSON.parse(text) as Record<string, unknown>
      } catch (e) {
        console.error(`--config is not valid JSON: ${(e as Error).message}`)
        return 2
      }
      return withContext(async (ctx) =>
        printJson(await putConnector(ctx.deps, values.id!, { kind: values.kind!, config, enabled: !values.disabled })),
      )
    }
    case 'remove':
      if (!values.id) break
      return withContext(async (ctx) => removeConnector(ctx.deps, values.id!))
  }
  console.error(CONNECTOR_USAGE)
  return 2
}

const ROUTE_USAGE = `usage:
  taube route list
  taube route add --connectors ID[,ID…] [--account USER_ID] [--prefix +4917] [--iso2 DE] [--service direct]
  taube route remove --id ROUTE_ID`

export async function routeCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  const { values } = parseArgs({
    args: rest,
    options: {
      id: { type: 'string' },
      connectors: { type: 'string' },
      account: { type: 'string' },
      prefix: { type: 'string' },
      iso2: { type: 'string' },
      service: { type: 'string' },
    },
  })
  switch (sub) {
    case 'list':
      return withContext(async (ctx) => printJson(await listRouteViews(ctx.deps)))
    case 'add':
      if (!values.connectors) break
      return withContext(async (ctx) =>
        printJson(
          await addRoute(ctx.deps, {
            connector_ids: values.connectors!.split(',').map((s) => s.trim()),
            account_id: values.account === undefined ? null : Number(values.account),
            prefix: values.prefix ?? null,
            iso2: values.iso2?.toUpperCase() ?? null,
            service_code: values.service ?? null,
          }),
        ),
      )
    case 'remove':
      if (!values.id) break
      return withContext(async (ctx) => removeRoute(ctx.deps, Number(values.id)))
  }
  console.error(ROUTE_USAGE)
  return 2
}
