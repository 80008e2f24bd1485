import { withContext } from './with-context.js'

export async function migrateCommand(): Promise<number> {
  // Opening the context applies pending migrations.
  return withContext(async () => console.log('database is up to date'))
}
