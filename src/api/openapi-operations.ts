/**
 * The operationId of every documented operation, keyed `METHOD /path` as the OpenAPI document
 * writes it. Client generators name their methods after these, so a published id never changes;
 * test/api/openapi.test.ts fails for a documented route without a row and for a row without one.
 */
export const OPERATION_IDS = {
  'POST /sms': 'sendSms',
  'GET /sms': 'listSms',
  'POST /sms/dryrun': 'dryrunSms',
  'POST /sms/ops/batch_cancel': 'batchCancelSms',
  'POST /sms/ops/batch_delete': 'batchDeleteSms',
  'GET /sms/{uuid}': 'getSms',
  'DELETE /sms/{uuid}': 'deleteSms',
  'GET /sms/{uuid}/requests': 'listSmsClickRequests',
  'GET /sms/{uuid}/clicks': 'getSmsClickCount',
  'GET /me': 'getMe',
  'GET /api_keys': 'listApiKeys',
  'POST /api_keys': 'createApiKey',
  'GET /api_keys/{id}': 'getApiKey',
  'PATCH /api_keys/{id}': 'updateApiKey',
  'DELETE /api_keys/{id}': 'deleteApiKey',
  'POST /session': 'createDashboardSession',
  'GET /session': 'getDashboardSession',
  'DELETE /session': 'deleteDashboardSession',
  'GET /api/kannel/{file}': 'kannelSendSmsGet',
  'POST /api/kannel/{file}': 'kannelSendSmsPost',
  'POST /api/sms': 'sevenSendSms',
  'GET /api/sms': 'sevenSendSmsGet',
  'DELETE /api/sms': 'sevenCancelSms',

  'POST /webhooks': 'createWebhook',
  'GET /webhooks': 'listWebhooks',
  'GET /webhooks/{id}': 'getWebhook',
  'PATCH /webhooks/{id}': 'updateWebhook',
  'DELETE /webhooks/{id}': 'deleteWebhook',
  'GET /webhooks/{id}/attempts': 'listWebhookAttempts',
  'POST /webhooks/{id}/events/{event_id}/replay': 'replayWebhookEvent',
  'POST /webhooks/{id}/replay': 'replayFailedWebhookEvents',

  'POST /groups': 'createGroup',
  'GET /groups': 'listGroups',
  'GET /groups/{id}': 'getGroup',
  'PUT /groups/{id}': 'replaceGroup',
  'PATCH /groups/{id}': 'updateGroup',
  'DELETE /groups/{id}': 'deleteGroup',
  'GET /groups/{id}/phones': 'listGroupPhones',
  'POST /groups/{id}/phones': 'addGroupPhone',
  'POST /groups/{id}/phones/batch': 'addGroupPhones',
  'GET /groups/{id}/file/csv': 'exportGroupPhonesCsv',
  'POST /groups/{id}/phones/csv': 'importGroupPhonesCsv',
  'GET /phones/{id}': 'getPhone',
  'PUT /phones/{id}': 'replacePhone',
  'DELETE /phones/{id}': 'deletePhone',

  'POST /bulks': 'createBulk',
  'GET /bulks': 'listBulks',
  'POST /bulks/dryrun': 'dryrunBulk',
  'GET /bulks/{id}': 'getBulk',
  'DELETE /bulks/{id}': 'deleteBulk',
  'GET /bulks/{id}/status': 'getBulkStatus',
  'PUT /bulks/{id}/cancel': 'cancelBulk',

  'GET /incomings': 'listIncomings',
  'GET /incomings/{uuid}': 'getIncoming',
  'DELETE /incomings/{uuid}': 'deleteIncoming',

  'POST /sender-numbers': 'registerSenderNumber',
  'GET /sender-numbers': 'listSenderNumbers',
  'GET /sender-numbers/{id}': 'getSenderNumber',
  'DELETE /sender-numbers/{id}': 'deleteSenderNumber',
  'POST /sender-numbers/{id}/verify': 'verifySenderNumber',
  'POST /sender-numbers/{id}/code': 'resendSenderNumberCode',

  'GET /admin/accounts': 'adminListAccounts',
  'POST /admin/accounts': 'adminCreateAccount',
  'GET /admin/accounts/{id}': 'adminGetAccount',
  'PATCH /admin/accounts/{id}': 'adminUpdateAccount',
  'POST /admin/accounts/{id}/topups': 'adminTopUpAccount',
  'GET /admin/accounts/{id}/keys': 'adminListApiKeys',
  'POST /admin/accounts/{id}/keys': 'adminCreateApiKey',
  'PATCH /admin/keys/{id}': 'adminSetApiKeyActive',
  'GET /admin/prices': 'adminGetDefaultPrices',
  'PUT /admin/prices': 'adminReplaceDefaultPrices',
  'GET /admin/accounts/{id}/prices': 'adminGetAccountPrices',
  'PUT /admin/accounts/{id}/prices': 'adminReplaceAccountPrices',
  'GET /admin/auth-blocks': 'adminListAuthBlocks',
  'DELETE /admin/auth-blocks/addresses/{address}': 'adminLiftAddressBlock',
  'DELETE /admin/auth-blocks/accounts/{id}': 'adminLiftAccountLockout',
  'GET /admin/connectors': 'adminListConnectors',
  'PUT /admin/connectors/{id}': 'adminPutConnector',
  'DELETE /admin/connectors/{id}': 'adminDeleteConnector',
  'GET /admin/routes': 'adminListRoutes',
  'POST /admin/routes': 'adminCreateRoute',
  'DELETE /admin/routes/{id}': 'adminDeleteRoute',
  'GET /admin/accounts/{id}/webhooks': 'adminListAccountWebhooks',
  'POST /admin/accounts/{id}/webhooks': 'adminCreateAccountWebhook',
  'PATCH /admin/accounts/{id}/webhooks/{webhookId}': 'adminUpdateAccountWebhook',
  'DELETE /admin/accounts/{id}/webhooks/{webhookId}': 'adminDeleteAccountWebhook',
  'POST /admin/accounts/{id}/webhooks/{webhookId}/replay': 'adminReplayFailedWebhookEvents',
  'GET /admin/inbound-numbers': 'adminListInboundNumbers',
  'POST /admin/inbound-numbers': 'adminCreateInboundNumber',
  'GET /admin/inbound-numbers/{id}': 'adminGetInboundNumber',
  'PATCH /admin/inbound-numbers/{id}': 'adminUpdateInboundNumber',
  'DELETE /admin/inbound-numbers/{id}': 'adminDeleteInboundNumber',
  'GET /admin/incomings/unrouted': 'adminListUnroutedIncomings',
  'POST /admin/simulator/mo': 'adminSimulateInboundSms',
  'GET /admin/sender-numbers': 'adminListSenderNumbers',
  'POST /admin/sender-numbers': 'adminVerifySenderNumber',
  'GET /admin/sender-numbers/{id}': 'adminGetSenderNumber',
  'DELETE /admin/sender-numbers/{id}': 'adminRevokeSenderNumber',

  'GET /api/balance': 'sevenGetBalance',
  'GET /api/status': 'sevenGetStatus',
  'GET /api/hooks': 'sevenListHooks',
  'POST /api/hooks': 'sevenSubscribeHook',
  'DELETE /api/hooks': 'sevenUnsubscribeHook',
} as const satisfies Record<string, string>

export type OperationKey = keyof typeof OPERATION_IDS

/** `POST /sms/{uuid}` for Fastify's `POST` and `/sms/:uuid`. */
export function operationKey(method: string, url: string): string {
  return `${method.toUpperCase()} ${url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`
}

export function operationId(key: string): string | undefined {
  return (OPERATION_IDS as Record<string, string>)[key]
}
