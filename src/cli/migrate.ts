import { loadConfig } from '../config/load.js'
import { openStore } from '../store/db.js'
import { migrateToLatest } from '../store/migrations/index.js'
import { action, CliFailure, type Command } from './command.js'
import { databaseFailure, prepareSqliteFolder } from './database-error.js'
import { messageOutput } from './output.js'
import { CLI_BUSY_TIMEOUT_MS, isDefaultDatabase } from './with-context.js'

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply pending database migrations and exit',
  action: action({
    summary: 'apply pending database migrations, one at a time, showing each on stderr',
    options: {},
    notes:
      'Every command applies pending migrations when it opens the database; run this before\n' +
      'starting several processes of a new version, so that they need not race to do it.',
    async run() {
      const config = loadConfig()
      prepareSqliteFolder(config.databaseUrl, isDefaultDatabase())
      const store = openStore({
        url: config.databaseUrl,
        sqliteBusyTimeoutMs: CLI_BUSY_TIMEOUT_MS,
        sqliteImmediate: true,
      })
      try {
        const applied = await migrateToLatest(store.db, (name, i, total) => {
          process.stderr.write(`applying migration ${i}/${total}: ${name}\n`)
        })
        const n = applied.length
        const text =
          n === 0
            ? 'the database is up to date; no migration was pending'
            : `applied ${n} migration${n === 1 ? '' : 's'}; the database is up to date`
        return messageOutput(text, { applied })
      } catch (err) {
        const message = databaseFailure(err, config.databaseUrl)
        throw message === null ? err : new CliFailure(message)
      } finally {
        await store.close()
      }
    },
  }),
}
