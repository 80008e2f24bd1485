// `taube sender-id`: the operator stores, lists and empties an account's sender id slots.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { runTaube } from '../helpers/cli.js'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js'

describe('taube sender-id', () => {
  let database: TestDatabase
  let env: Record<string, string>
  let account: number
  before(async () => {
    database = await createTestDatabase()
    env = { TAUBE_DATABASE_URL: database.url, TAUBE_LOG_LEVEL: 'warn' }
    const created = await runTaube(['account', 'create', '--name', 'ACME', '--json'], env)
    assert.equal(created.code, 0, created.stderr)
    account = JSON.parse(created.stdout).id
  })
  after(async () => database?.drop())

  it('sets, lists and removes slots; names a bad slot, sender and account', async () => {
    const a = String(account)
    const set = await runTaube(
      ['sender-id', 'set', '--account', a, '--slot', '2', '--sender', 'Alarm', '--json'],
      env,
    )
    assert.equal(set.code, 0, set.stderr)
    assert.equal(JSON.parse(set.stdout).sender_id, 'Alarm')
    const list = await runTaube(['sender-id', 'list', '--account', a, '--json'], env)
    assert.deepEqual(
      JSON.parse(list.stdout).map((x: any) => [x.slot, x.sender_id]),
      [[2, 'Alarm']],
    )
    const removed = await runTaube(['sender-id', 'remove', '--account', a, '--slot', '2'], env)
    assert.equal(removed.code, 0, removed.stderr)
    assert.match(removed.stdout, /slot 2 of account \d+ emptied/)
    const again = await runTaube(['sender-id', 'remove', '--account', a, '--slot', '2'], env)
    assert.equal(again.code, 1)
    assert.match(again.stderr, /No sender id is stored in slot 2/)
    const badSlot = await runTaube(
      ['sender-id', 'set', '--account', a, '--slot', '7', '--sender', 'X'],
      env,
    )
    assert.equal(badSlot.code, 2)
    assert.match(badSlot.stderr, /--slot/)
    const badSender = await runTaube(
      ['sender-id', 'set', '--account', a, '--slot', '1', '--sender', 'Bad!Sender'],
      env,
    )
    assert.equal(badSender.code, 1)
    assert.match(badSender.stderr, /sender_id/)
    const noAccount = await runTaube(
      ['sender-id', 'set', '--account', '99999', '--slot', '1', '--sender', 'X'],
      env,
    )
    assert.equal(noAccount.code, 1)
    assert.match(noAccount.stderr, /Account 99999 not found/)
  })
})
