import { APPLICATION_CODE_PATTERN } from '../services/pushwoosh/pushwoosh.schemas.js'
import {
  createApplication,
  createPreset,
  deleteApplication,
  deletePreset,
  listApplications,
  listPresets,
} from '../services/pushwoosh/applications.js'
import { action, optional, required, type Command } from './command.js'
import { accountId, text, type Kind } from './option-kinds.js'
import { messageOutput, recordOutput, tableOutput } from './output.js'
import { withContext } from './with-context.js'

const CODE = new RegExp(APPLICATION_CODE_PATTERN)

/** An application or preset code as Pushwoosh writes it; lower case is taken as upper. */
const code = (placeholder: string): Kind<string> => ({
  placeholder,
  allowed: 'a code of the form XXXXX-XXXXX (letters and digits)',
  example: 'A1B2C-D3E4F',
  parse: (t) => (CODE.test(t.toUpperCase()) ? t.toUpperCase() : undefined),
})

const account = required(accountId, 'the user id of the account')
const application = required(code('CODE'), 'the application code (see application list)')

export const applicationCommand: Command = {
  name: 'application',
  summary: "an account's Pushwoosh applications and their presets",
  notes:
    'Pushwoosh clients send the code as `application` and the auth token as `auth` to\n' +
    '/json/1.3/createSMSMessage; a preset code goes in `preset`.',
  subcommands: {
    create: action({
      summary: 'create an application; its auth token is shown this once',
      options: {
        account,
        name: required(text('NAME', 100, 'Shop app'), 'a name to tell applications apart'),
        sender: optional(
          text('SENDER', 16, 'AcmeShop'),
          "the sender id of its messages (default: the account's name, or SMS)",
        ),
      },
      run: (v) =>
        withContext(async (ctx) => {
          const created = await createApplication(ctx.deps, v.account, {
            name: v.name,
            ...(v.sender === undefined ? {} : { sender: v.sender }),
          })
          process.stderr.write('The auth token is shown only now; store it safely.\n')
          return recordOutput(created)
        }),
    }),
    list: action({
      summary: "list an account's applications (auth tokens are never shown)",
      options: { account },
      run: (v) =>
        withContext(async (ctx) =>
          tableOutput(
            await listApplications(ctx.deps, v.account),
            ['code', 'name', 'sender', 'key_id', 'created_at'],
            '(no applications)',
          ),
        ),
    }),
    delete: action({
      summary: 'delete an application with its presets, numbers and auth token',
      options: { account, code: application },
      run: (v) =>
        withContext(async (ctx) => {
          await deleteApplication(ctx.deps, v.account, v.code)
          const json = { account_id: v.account, code: v.code, deleted: true }
          return messageOutput(`application ${v.code} of account ${v.account} deleted`, json)
        }),
    }),
    'preset-create': action({
      summary: 'add a preset (SMS template) to an application',
      options: {
        account,
        application,
        name: required(text('NAME', 100, 'Welcome'), 'a name to tell presets apart'),
        content: required(
          text('TEXT', 1600, 'Hello {firstname|CapitalizeFirst|there}!'),
          'the text; {name}, {name|Modifier} or {name|Modifier|default} are filled per message',
        ),
      },
      run: (v) =>
        withContext(async (ctx) =>
          recordOutput(
            await createPreset(ctx.deps, v.account, v.application, {
              name: v.name,
              content: v.content,
            }),
          ),
        ),
    }),
    'preset-list': action({
      summary: "list an application's presets",
      options: { account, application },
      run: (v) =>
        withContext(async (ctx) =>
          tableOutput(
            await listPresets(ctx.deps, v.account, v.application),
            ['code', 'name', 'content', 'created_at'],
            '(no presets)',
          ),
        ),
    }),
    'preset-delete': action({
      summary: 'delete a preset',
      options: { account, application, code: required(code('PRESET'), 'the preset code') },
      run: (v) =>
        withContext(async (ctx) => {
          await deletePreset(ctx.deps, v.account, v.application, v.code)
          const json = { application: v.application, code: v.code, deleted: true }
          return messageOutput(`preset ${v.code} of application ${v.application} deleted`, json)
        }),
    }),
  },
}
