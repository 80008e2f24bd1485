import {
  createInboundNumber,
  deleteInboundNumber,
  listInboundNumbers,
  updateInboundNumber,
} from '../services/incomings/manage-inbound-numbers.js'
import {
  deleteSenderNumberForOperator,
  listSenderNumbersForOperator,
  verifySenderNumberByOperator,
} from '../services/senders/manage-sender-numbers.js'
import { action, optional, required, type Command } from './command.js'
import { accountId, endpoint, phoneNumber, rowId } from './option-kinds.js'
import { messageOutput, recordOutput, tableOutput } from './output.js'
import { withContext } from './with-context.js'

const SENDER_COLUMNS = [
  ...['id', 'number', 'account_id', 'status'],
  ...['verified_by', 'verified_at', 'created_at'],
]

export const numberCommand: Command = {
  name: 'number',
  summary:
    'inbound numbers (add, list, set, remove) and sender numbers (verify, senders, unverify)',
  notes:
    'Inbound numbers: SMS sent to one belong to its account (GET /incomings, sms.incoming).\n' +
    'Sender numbers: a numeric sender id verified for an account; replies to it may go to that\n' +
    'account, never to another that merely sent from it.',
  subcommands: {
    add: action({
      summary: 'assign an inbound number to an account',
      options: {
        number: required(phoneNumber, 'the number'),
        account: required(accountId, 'the user id of the account it belongs to'),
        endpoint: optional(endpoint, "where its SMS are pushed, instead of the account's push URL"),
      },
      run: (v) =>
        withContext(async (ctx) =>
          recordOutput(
            await createInboundNumber(ctx.deps, {
              number: v.number,
              account_id: v.account,
              ...(v.endpoint === undefined ? {} : { endpoint: v.endpoint }),
            }),
          ),
        ),
    }),
    list: action({
      summary: 'list inbound numbers',
      options: { account: optional(accountId, 'only those of this account') },
      run: (v) =>
        withContext(async (ctx) =>
          tableOutput(
            await listInboundNumbers(ctx.deps, v.account ?? null),
            undefined,
            '(no inbound numbers)',
          ),
        ),
    }),
    set: action({
      summary: "change an inbound number's account or endpoint",
      options: {
        id: required(rowId('ID'), 'the inbound number id (see number list)'),
        account: optional(accountId, 'the user id of the account it now belongs to'),
        endpoint: optional(endpoint, 'its own push endpoint; none takes it away'),
      },
      check: (v) =>
        v.account === undefined && v.endpoint === undefined
          ? 'give --account, --endpoint or both'
          : null,
      run: (v) =>
        withContext(async (ctx) =>
          recordOutput(
            await updateInboundNumber(ctx.deps, v.id, {
              ...(v.account === undefined ? {} : { account_id: v.account }),
              ...(v.endpoint === undefined ? {} : { endpoint: v.endpoint }),
            }),
          ),
        ),
    }),
    remove: action({
      summary: 'release an inbound number (messages received stay with their account)',
      options: { id: required(rowId('ID'), 'the inbound number id (see number list)') },
      run: (v) =>
        withContext(async (ctx) => {
          await deleteInboundNumber(ctx.deps, v.id)
          return messageOutput(`inbound number ${v.id} removed`, { id: v.id, removed: true })
        }),
    }),
    verify: action({
      summary: 'vouch that an account holds a number, so it may send from it',
      options: {
        number: required(phoneNumber, 'the number'),
        account: required(accountId, 'the user id of the account'),
      },
      run: (v) =>
        withContext(async (ctx) =>
          recordOutput(
            await verifySenderNumberByOperator(ctx.deps, {
              number: v.number,
              account_id: v.account,
            }),
          ),
        ),
    }),
    senders: action({
      summary: 'list sender numbers, verified and pending',
      options: { account: optional(accountId, 'only those of this account') },
      run: (v) =>
        withContext(async (ctx) =>
          tableOutput(
            await listSenderNumbersForOperator(ctx.deps, v.account ?? null),
            SENDER_COLUMNS,
            '(no sender numbers)',
          ),
        ),
    }),
    unverify: action({
      summary: 'remove a sender number',
      options: {
        id: required(rowId('SENDER_NUMBER_ID'), 'the sender number id (see number senders)'),
      },
      run: (v) =>
        withContext(async (ctx) => {
          await deleteSenderNumberForOperator(ctx.deps, v.id)
          return messageOutput(`sender number ${v.id} removed`, { id: v.id, removed: true })
        }),
    }),
  },
}
