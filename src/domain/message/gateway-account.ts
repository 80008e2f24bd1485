/**
 * The account id of messages the gateway sends on its own behalf (sender verification codes).
 * Accounts start at 1, so no account's queries ever see these messages, nor can a reply be
 * attributed to them.
 */
export const GATEWAY_ACCOUNT_ID = 0
