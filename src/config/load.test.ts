import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { loadConfig } from './load.js'
import { parseBoolean, unknownVariables } from './variables.js'

describe('loadConfig', () => {
  it('takes the defaults when no variable is set', () => {
    const c = loadConfig({})
    assert.equal(c.queuePollMs, 250)
    assert.equal(c.inDoubtWaitS, 60)
    assert.equal(c.deliveryThread, true)
    assert.equal(c.webhookThread, true)
  })

  const read: [env: Record<string, string>, field: string, value: unknown][] = [
    [{ TAUBE_QUEUE_POLL_MS: '600000' }, 'queuePollMs', 600_000],
    [{ TAUBE_QUEUE_POLL_MS: '10' }, 'queuePollMs', 10],
    [{ TAUBE_IN_DOUBT_WAIT_S: '0' }, 'inDoubtWaitS', 0],
    [{ TAUBE_DELIVERY_THREAD: '0' }, 'deliveryThread', false],
    [{ TAUBE_WEBHOOK_THREAD: '0' }, 'webhookThread', false],
    [{ TAUBE_WEBHOOK_RETRY_S: '5,10' }, 'webhookRetryS', [5, 10]],
    [{}, 'webhookDisableAfterS', 86_400],
    [{ TAUBE_WEBHOOK_DISABLE_AFTER_S: '0' }, 'webhookDisableAfterS', 0],
    [{ TAUBE_WEBHOOK_DISABLE_MIN_FAILURES: '3' }, 'webhookDisableMinFailures', 3],
    [{ TAUBE_WEBHOOK_NOTICE_EVERY_S: '3600' }, 'webhookNoticeEveryS', 3600],
    [{ TAUBE_QUEUE_POLL_MS: '' }, 'queuePollMs', 250],
  ]
  for (const [env, field, value] of read) {
    it(`reads ${JSON.stringify(env)} as ${field} ${JSON.stringify(value)}`, () => {
      assert.deepEqual((loadConfig(env) as Record<string, unknown>)[field], value)
    })
  }

  // Each bad value: the variable, what it allows and an example, never the internal key.
  const refused: [
    env: Record<string, string>,
    variable: string,
    allowed: RegExp,
    example: string,
  ][] = [
    [{ TAUBE_QUEUE_POLL_MS: '9' }, 'TAUBE_QUEUE_POLL_MS', /from 10 to 600000/, '250'],
    [{ TAUBE_QUEUE_POLL_MS: '600001' }, 'TAUBE_QUEUE_POLL_MS', /from 10 to 600000/, '250'],
    [{ TAUBE_QUEUE_POLL_MS: 'soon' }, 'TAUBE_QUEUE_POLL_MS', /whole number/, '250'],
    [{ TAUBE_QUEUE_POLL_MS: '2.5' }, 'TAUBE_QUEUE_POLL_MS', /whole number/, '250'],
    [{ TAUBE_IN_DOUBT_WAIT_S: '-1' }, 'TAUBE_IN_DOUBT_WAIT_S', /from 0 to 86400/, '60'],
    [
      { TAUBE_WEBHOOK_DISABLE_AFTER_S: 'a day' },
      'TAUBE_WEBHOOK_DISABLE_AFTER_S',
      /whole number/,
      '86400',
    ],
    [
      { TAUBE_WEBHOOK_DISABLE_MIN_FAILURES: '0' },
      'TAUBE_WEBHOOK_DISABLE_MIN_FAILURES',
      /from 1 to/,
      '10',
    ],
    [{ TAUBE_WEBHOOK_NOTICE_EVERY_S: '1' }, 'TAUBE_WEBHOOK_NOTICE_EVERY_S', /from 60 to/, '86400'],
    [
      { TAUBE_WEBHOOK_RETRY_S: '60,x,1800' },
      'TAUBE_WEBHOOK_RETRY_S',
      /comma-separated .* whole number/,
      '60,300,1800',
    ],
    [{ TAUBE_PORT: 'eighty' }, 'TAUBE_PORT', /from 0 to 65535/, '8080'],
    [
      { TAUBE_LOG_LEVEL: 'loud' },
      'TAUBE_LOG_LEVEL',
      /one of fatal, error, warn, info, debug, trace, silent/,
      'info',
    ],
    [
      { TAUBE_SQLITE_SYNCHRONOUS: 'off' },
      'TAUBE_SQLITE_SYNCHRONOUS',
      /one of NORMAL, FULL/,
      'NORMAL',
    ],
    [
      { TAUBE_DATABASE_URL: 'mysql://db' },
      'TAUBE_DATABASE_URL',
      /postgres/,
      'sqlite:./data/taube.db',
    ],
    [
      { TAUBE_ADMIN_TOKEN: 'short' },
      'TAUBE_ADMIN_TOKEN',
      /at least 16 characters/,
      'a-long-random-admin-secret',
    ],
    [
      { TAUBE_SESSION_SECRET: 'too-short' },
      'TAUBE_SESSION_SECRET',
      /at least 32 characters/,
      'a-random-secret-of-at-least-32-characters',
    ],
    [{ TAUBE_METRICS_LISTEN: 'nine' }, 'TAUBE_METRICS_LISTEN', /pattern/, '127.0.0.1:9464'],
    [
      { TAUBE_LOG_REQUESTS: 'enable' },
      'TAUBE_LOG_REQUESTS',
      /1\/0, true\/false, yes\/no or on\/off/,
      '0',
    ],
    [{ TAUBE_WEBHOOK_ALLOW_PRIVATE: 'si' }, 'TAUBE_WEBHOOK_ALLOW_PRIVATE', /true\/false/, '0'],
    [{ TAUBE_DELIVERY_THREAD: 'disabled' }, 'TAUBE_DELIVERY_THREAD', /on\/off/, '1'],
  ]
  for (const [env, variable, allowed, example] of refused) {
    it(`refuses ${JSON.stringify(env)}, naming ${variable}, what it allows and an example`, () => {
      assert.throws(
        () => loadConfig(env),
        (err: Error) => {
          assert.match(err.message, /^Invalid configuration:\n {2}/)
          const [, line = ''] = err.message.split('\n')
          assert.ok(line.trim().startsWith(`${variable}=`), line)
          assert.ok(line.includes(`"${Object.values(env)[0]}"`), line)
          assert.match(line, allowed)
          assert.ok(line.endsWith(`e.g. ${variable}=${example}`), line)
          assert.doesNotMatch(err.message, /[a-z][A-Z]\w*[:/]/, 'no internal key')
          return true
        },
      )
    })
  }

  it('names every bad variable at once, one line each', () => {
    const env = {
      TAUBE_PORT: 'x',
      TAUBE_WEBHOOK_RETRY_S: 'a,b,c',
      TAUBE_LOG_REQUESTS: 'enable',
      TAUBE_TRUST_PROXY: 'true',
      TAUBE_AUTH_ALLOWLIST: 'nowhere',
    }
    assert.throws(
      () => loadConfig(env),
      (err: Error) => {
        const lines = err.message.split('\n').slice(1)
        assert.equal(lines.length, 5, err.message)
        for (const name of Object.keys(env)) {
          assert.equal(
            lines.filter((l) => l.trim().startsWith(name)).length,
            1,
            `${name} once: ${err.message}`,
          )
        }
        return true
      },
    )
  })

  // Every boolean variable, through the one reading.
  const booleans: [field: string, variable: string][] = [
    ['logRequests', 'TAUBE_LOG_REQUESTS'],
    ['webhookAllowPrivate', 'TAUBE_WEBHOOK_ALLOW_PRIVATE'],
    ['deliveryThread', 'TAUBE_DELIVERY_THREAD'],
    ['webhookThread', 'TAUBE_WEBHOOK_THREAD'],
    ['fraudMxLookup', 'TAUBE_FRAUD_MX_LOOKUP'],
  ]
  const words: [word: string, value: boolean][] = [
    ['1', true],
    ['true', true],
    ['TRUE', true],
    ['yes', true],
    ['Yes', true],
    ['on', true],
    ['ON', true],
    ['0', false],
    ['false', false],
    ['False', false],
    ['no', false],
    ['NO', false],
    ['off', false],
    ['Off', false],
  ]
  for (const [field, variable] of booleans) {
    it(`reads ${variable} from the usual words in any case, and refuses others`, () => {
      for (const [word, value] of words) {
        const config = loadConfig({ [variable]: word }) as Record<string, unknown>
        assert.equal(config[field], value, `${variable}=${word}`)
      }
      for (const word of ['enable', 'disable', 'y', '2', 'truee']) {
        assert.throws(() => loadConfig({ [variable]: word }), new RegExp(`${variable}="${word}"`))
      }
    })
  }

  it('has one reading of a boolean word', () => {
    assert.equal(parseBoolean(' On '), true)
    assert.equal(parseBoolean('enable'), undefined)
  })

  it('names unknown TAUBE_* variables, with the nearest known name for a typo', () => {
    assert.deepEqual(
      unknownVariables({
        TAUBE_LOG_REQUEST: '1',
        TAUBE_PROT: '8080',
        TAUBE_WEBHOK_RETRY_S: '5',
        TAUBE_SOMETHING_ELSE_ENTIRELY: 'x',
        TAUBE_PORT: '8080',
      }),
      [
        { name: 'TAUBE_LOG_REQUEST', suggestion: 'TAUBE_LOG_REQUESTS' },
        { name: 'TAUBE_PROT', suggestion: 'TAUBE_PORT' },
        { name: 'TAUBE_SOMETHING_ELSE_ENTIRELY' },
        { name: 'TAUBE_WEBHOK_RETRY_S', suggestion: 'TAUBE_WEBHOOK_RETRY_S' },
      ],
    )
  })

  it('does not warn about the variables of the test suite, tools and benches, nor known ones', () => {
    const env = {
      TAUBE_TEST_DATABASE: 'postgres',
      TAUBE_TEST_PG_URL: 'postgres://127.0.0.1/x',
      TAUBE_TEST_FAILURES_FILE: '/tmp/f',
      TAUBE_TEST_CONCURRENCY: '2',
      TAUBE_TEST_LOG: 'debug',
      TAUBE_FUZZ_SEED: '42',
      BENCH_DURATION_S: '10',
      PATH: '/usr/bin',
      TAUBE_LOG_REQUESTS: '1',
      TAUBE_WEBHOOK_RETRY_S: '5',
    }
    assert.deepEqual(unknownVariables(env), [])
  })
})
