import { accountJson } from '../services/accounts/account-model.js'
import { VOICE_LANGS } from '../domain/voice/voice-lang.js'
import {
  createAccount,
  listAccounts,
  topUp,
  updateAccount,
} from '../services/accounts/manage-accounts.js'
import { action, flag, optional, required, type Command } from './command.js'
import { accountId, amount, country, currency, oneOf, signedAmount, text } from './option-kinds.js'
import { recordOutput, tableOutput } from './output.js'
import { withContext } from './with-context.js'

const LIST_COLUMNS = [
  ...['id', 'name', 'country', 'currency'],
  ...['billing_mode', 'balance', 'credit_limit', 'status'],
]

export const accountCommand: Command = {
  name: 'account',
  summary: 'customer accounts: create, list, top up, voice language',
  subcommands: {
    create: action({
      summary: 'create an account',
      options: {
        name: required(text('NAME', 200, 'ACME'), "the account's name"),
        country: optional(country, 'its country, through which national numbers are read'),
        id: optional(accountId, 'its user id (default: a free one, picked at random)'),
        currency: optional(currency, 'the currency of its balance and prices (default EUR)'),
        balance: optional(amount, 'the opening balance'),
        postpaid: flag('bill afterwards, within --credit-limit, instead of from a prepaid balance'),
        'credit-limit': optional(amount, 'what a postpaid account may owe'),
        'voice-lang': optional(
          oneOf(VOICE_LANGS),
          'the language of its voice messages sent without one (default: by the number)',
        ),
      },
      check: (v) =>
        v['credit-limit'] !== undefined && !v.postpaid
          ? '--credit-limit needs --postpaid: a prepaid account has no credit line'
          : null,
      run: (v) =>
        withContext(async (ctx) => {
          const account = await createAccount(ctx.deps, {
            name: v.name,
            country: v.country ?? null,
            ...(v.id === undefined ? {} : { id: v.id }),
            ...(v.currency === undefined ? {} : { currency: v.currency }),
            billing_mode: v.postpaid ? 'postpaid' : 'prepaid',
            ...(v.balance === undefined ? {} : { balance: v.balance }),
            ...(v['credit-limit'] === undefined ? {} : { credit_limit: v['credit-limit'] }),
            ...(v['voice-lang'] === undefined ? {} : { voice_lang: v['voice-lang'] }),
          })
          return recordOutput(accountJson(account))
        }),
    }),
    list: action({
      summary: 'list every account',
      options: {},
      run: () =>
        withContext(async (ctx) => {
          const accounts = (await listAccounts(ctx.deps)).map(accountJson)
          return tableOutput(accounts, LIST_COLUMNS, '(no accounts)')
        }),
    }),
    topup: action({
      summary: "add money to an account's balance (a negative amount takes it)",
      options: {
        id: required(accountId, 'the user id'),
        amount: required(signedAmount, 'the amount, in the currency of the account'),
      },
      run: (v) =>
        withContext(async (ctx) =>
          recordOutput(accountJson(await topUp(ctx.deps, v.id, v.amount))),
        ),
    }),
    'voice-lang': action({
      summary: 'set the default language of voice messages (text2speech) of an account',
      options: {
        id: required(accountId, 'the user id'),
        lang: required(
          oneOf([...VOICE_LANGS, 'auto']),
          'the language; auto: by the number (DE and ES prefixes, else EN)',
        ),
      },
      run: (v) =>
        withContext(async (ctx) => {
          const voiceLang = v.lang === 'auto' ? null : v.lang
          const account = await updateAccount(ctx.deps, v.id, { voice_lang: voiceLang })
          return recordOutput(accountJson(account))
        }),
    }),
  },
}
