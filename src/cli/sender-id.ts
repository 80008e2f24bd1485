import {
  deleteSenderId,
  listSenderIds,
  setSenderIdForOperator,
} from '../services/senders/manage-sender-ids.js'
import { action, required, type Command } from './command.js'
import { accountId, count, text } from './option-kinds.js'
import { messageOutput, recordOutput, tableOutput } from './output.js'
import { withContext } from './with-context.js'

const slot = count('SLOT', 1, 6, '2')

export const senderIdCommand: Command = {
  name: 'sender-id',
  summary: "an account's stored sender ids, slots 1..6 (list, set, remove)",
  notes:
    'An email-to-SMS address picks one by its sender_id field (1..6); an empty slot sends as\n' +
    'email2sms. Accounts manage their own with GET/PUT/DELETE /sender-ids.',
  subcommands: {
    list: action({
      summary: "list an account's stored sender ids",
      options: { account: required(accountId, 'the user id of the account') },
      run: (v) =>
        withContext(async (ctx) =>
          tableOutput(await listSenderIds(ctx.deps, v.account), undefined, '(no sender ids)'),
        ),
    }),
    set: action({
      summary: 'store a sender id in a slot, replacing what it held',
      options: {
        account: required(accountId, 'the user id of the account'),
        slot: required(slot, 'the slot'),
        sender: required(text('SENDER', 16, 'Alarm'), 'the sender id'),
      },
      run: (v) =>
        withContext(async (ctx) =>
          recordOutput(await setSenderIdForOperator(ctx.deps, v.account, v.slot, v.sender)),
        ),
    }),
    remove: action({
      summary: 'empty a slot',
      options: {
        account: required(accountId, 'the user id of the account'),
        slot: required(slot, 'the slot'),
      },
      run: (v) =>
        withContext(async (ctx) => {
          await deleteSenderId(ctx.deps, v.account, v.slot)
          const json = { account_id: v.account, slot: v.slot, removed: true }
          return messageOutput(`slot ${v.slot} of account ${v.account} emptied`, json)
        }),
    }),
  },
}
