import { CompiledQuery, type Compilable } from 'kysely'
import type { Db } from './database.js'

const texts = new Map<string, string>()

/**
 * The SQL text of a hot query, built by Kysely once per dialect and reused: building and
 * compiling a wide INSERT cost more CPU than SQLite took to execute it. The caller passes the
 * parameters in the order the builder used them.
 */
export function compiledOnce(
  db: Db,
  name: string,
  build: (db: Db) => Compilable,
  parameters: readonly unknown[],
): CompiledQuery {
  const key = `${db.getExecutor().adapter.constructor.name}:${name}`
  let text = texts.get(key)
  if (text === undefined) {
    text = build(db).compile().sql
    texts.set(key, text)
  }
  return CompiledQuery.raw(text, [...parameters])
}
