// Every error the gateway can answer with: one stable code, its HTTP status and message template.
// `{name}` placeholders are filled from the params given to appError().
export const ERRORS = {
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON: {detail}' },
  INVALID_QUERY_PARAMETER: { status: 400, message: 'Query parameter "{parameter}": {detail}' },
  INVALID_PATH_PARAMETER: { status: 400, message: 'Path parameter "{parameter}": {detail}' },
  BAD_REQUEST: { status: 400, message: '{detail}' },
  MALFORMED_REQUEST: { status: 400, message: 'The request is not valid HTTP: {detail}' },
  MALFORMED_URL: { status: 400, message: 'The URL is not valid: {detail}' },
  UNAUTHENTICATED: { status: 401, message: 'Missing or invalid credentials' },
  INSUFFICIENT_FUNDS: {
    status: 402,
    message: 'Insufficient funds: the operation costs {cost} {currency}, available {available}',
  },
  KEY_INACTIVE: { status: 403, message: 'The API key is not active' },
  KEY_TYPE_NOT_ALLOWED: { status: 403, message: 'An API key of type {type} cannot be used here' },
  IP_NOT_ALLOWED: { status: 403, message: 'Requests from {ip} are not allowed for this API key' },
  ACCOUNT_BLOCKED: { status: 403, message: 'The account is blocked' },
  CSRF_TOKEN_INVALID: {
    status: 403,
    message: 'A dashboard session needs the X-CSRF-Token header its login answered with',
  },
  ADMIN_DISABLED: { status: 403, message: 'The operator API is disabled (set TAUBE_ADMIN_TOKEN)' },
  CALLBACK_FORBIDDEN: { status: 403, message: 'Invalid callback token for connector {id}' },
  METRICS_FORBIDDEN: {
    status: 403,
    message: 'Metrics are served to local clients only, or with the metrics token',
  },
  ROUTE_NOT_FOUND: { status: 404, message: 'No route for {method} {url}' },
  SMS_NOT_FOUND: { status: 404, message: 'SMS {id} not found' },
  AUDIO_NOT_AVAILABLE: { status: 404, message: 'SMS {id} has no audio: {detail}' },
  ACCOUNT_NOT_FOUND: { status: 404, message: 'Account {id} not found' },
  KEY_NOT_FOUND: { status: 404, message: 'API key {id} not found' },
  CONNECTOR_NOT_FOUND: { status: 404, message: 'Connector {id} not found' },
  ROUTE_ENTRY_NOT_FOUND: { status: 404, message: 'Route {id} not found' },
  WEBHOOK_NOT_FOUND: { status: 404, message: 'Webhook {id} not found' },
  GROUP_NOT_FOUND: { status: 404, message: 'Group {id} not found' },
  PHONE_NOT_FOUND: { status: 404, message: 'Phone {id} not found' },
  BULK_NOT_FOUND: { status: 404, message: 'Bulk {id} not found' },
  SHORT_LINK_CAMPAIGN_NOT_FOUND: { status: 404, message: 'Short-link campaign {id} not found' },
  INCOMING_NOT_FOUND: { status: 404, message: 'Incoming SMS {id} not found' },
  FRAUD_CHECK_NOT_FOUND: { status: 404, message: 'Fraud check {id} not found' },
  INBOUND_NUMBER_NOT_FOUND: { status: 404, message: 'Inbound number {id} not found' },
  SENDER_NUMBER_NOT_FOUND: { status: 404, message: 'Sender number {id} not found' },
  SENDER_ID_NOT_FOUND: { status: 404, message: 'No sender id is stored in slot {slot}' },
  PUSHWOOSH_APPLICATION_NOT_FOUND: {
    status: 404,
    message: 'Pushwoosh application {code} not found',
  },
  PUSHWOOSH_PRESET_NOT_FOUND: {
    status: 404,
    message: 'Preset {code} not found in Pushwoosh application {application}',
  },
  EVENT_NOT_FOUND: { status: 404, message: 'Event {id} was not sent to webhook {webhook}' },
  KEY_IN_USE: {
    status: 409,
    message: 'API key {id} authenticates this request: disable or delete it with another key',
  },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method {method} is not allowed here' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request was not received in time: {detail}' },
  ACCOUNT_EXISTS: { status: 409, message: 'Account {id} already exists' },
  INBOUND_NUMBER_EXISTS: { status: 409, message: 'Inbound number {number} is already assigned' },
  SENDER_NUMBER_EXISTS: {
    status: 409,
    message: 'Sender number {number} is already registered for this account (id {id})',
  },
  SENDER_NUMBER_VERIFIED: { status: 409, message: 'Sender number {id} is verified already' },
  SIMULATOR_NOT_RUNNING: {
    status: 409,
    message:
      'No simulator connector {id} is running; inbound SMS can only be simulated through one',
  },
  WEBHOOK_INACTIVE: {
    status: 409,
    message: 'Webhook {id} is not active; activate it to replay events',
  },
  BULK_NOT_CANCELLABLE: {
    status: 409,
    message: 'Bulk {id} has status {status} and no SMS left unsent; there is nothing to cancel',
  },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  URI_TOO_LONG: { status: 414, message: 'The URL is too long: {detail}' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'Unsupported Content-Type {contentType}; send application/json',
  },
  UNSUPPORTED_CHARSET: {
    status: 415,
    message: 'Unsupported charset "{charset}" in Content-Type; send the body as UTF-8',
  },
  EXPECTATION_FAILED: { status: 417, message: 'Expect: {expect} is not supported' },
  VALIDATION_FAILED: { status: 422, message: 'The request is invalid' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: 'Idempotency-Key {key} was already used with a different request body',
  },
  IP_BLOCKED: {
    status: 429,
    message: 'Too many failed authentications from {ip}; retry in {retryAfter} s',
  },
  SENDER_CODE_LIMIT: { status: 429, message: '{detail}; retry in {retryAfter} s' },
  FRAUD_CHECK_POLLED_TOO_OFTEN: {
    status: 429,
    message:
      'Fraud check {id} was asked for {max} times within a minute; retry in {retryAfter} s, or ' +
      'take the result from the fraud-check.done event',
  },
  AUDIO_BUSY: {
    status: 429,
    message: 'Too many audio previews are being rendered; retry in {retryAfter} s',
  },
  ACCOUNT_LOCKED: {
    status: 429,
    message: 'Too many failed authentications for user id {account}; retry in {retryAfter} s',
  },
  AUTH_BLOCK_NOT_FOUND: { status: 404, message: 'No block in force for {subject}' },
  TOO_MANY_CONNECTIONS: {
    status: 429,
    message: 'Too many open connections from {ip}: at most {max}; close some and retry',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    message: 'The request headers are too large: at most {max} bytes',
  },
  // The messaggisms.com-compatible API (api/messaggi).
  MESSAGGI_TOKEN_EXPIRED: { status: 401, message: 'The token expired at {at} (unix seconds)' },
  MESSAGGI_SCOPE_MISSING: { status: 403, message: 'The token lacks the scope {scope}' },
  MESSAGGI_TOKEN_NOT_FOUND: { status: 404, message: 'Token {id} not found' },
  MESSAGGI_MESSAGE_NOT_FOUND: { status: 404, message: 'Message {id} not found' },
  MESSAGGI_RECIPIENT_NOT_FOUND: { status: 404, message: 'Message {id} has no recipient {number}' },
  MESSAGGI_MESSAGE_CLOSED: { status: 409, message: 'Message {id} cannot be changed: {detail}' },
  INTERNAL: { status: 500, message: 'Internal server error (request {requestId})' },
  UNAVAILABLE: { status: 503, message: 'Service unavailable: {detail}' },
  NOT_READY: { status: 503, message: 'Not ready: {detail}' },
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof ERRORS
