// The test files run on the second Node version in CI: every unit test beside the code, and one
// end-to-end flow per surface (HTTP API, SMPP carrier out and in, HTTP carrier, webhooks, CLI,
// process roles, the Kannel HTTP SMSC endpoint, the SMPP server for customers, the seven.io API
// with its official client, the messaggisms.com and Pushwoosh APIs, short links, email-to-SMS,
// voice, fraud checks, the dashboard in a browser). The first Node version runs everything.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const FLOWS = [
  'test/architecture.test.ts',
  'test/api/sms-send.test.ts',
  'test/e2e/delivery-smpp.test.ts',
  'test/e2e/inbound-smpp.test.ts',
  'test/delivery/http-connector.test.ts',
  'test/events/transports.test.ts',
  'test/events/webhook-thread.test.ts',
  'test/e2e/cli.test.ts',
  'test/e2e/roles.test.ts',
  'test/api/kannel-send.test.ts',
  'test/smpp-server/submit.test.ts',
  'test/e2e/seven-client.test.ts',
  'test/api/messaggi-messages.test.ts',
  'test/api/pushwoosh-sms.test.ts',
  'test/links/redirect-clicks.test.ts',
  'test/e2e/click-thread.test.ts',
  'test/e2e/smtp-role.test.ts',
  'test/voice/voice-send.test.ts',
  'test/fraud/fraud-checks.test.ts',
  'test/e2e/dashboard-browser.test.ts',
]

function unitTests(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...unitTests(path))
    else if (name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

const files = [...unitTests('src').sort(), ...FLOWS]
for (const file of FLOWS) statSync(file) // a renamed flow fails here, not silently
process.stdout.write(files.join('\n') + '\n')
