// Kannel 1.4.5 (Debian package `kannel`) as a real ESME: bearerbox binds to the SMPP server as a
// transceiver, smsbox's sendsms sends GSM, UCS-2 and 2-part messages, and Kannel matches the
// receipts to its messages (its dlr-url fires with type 8, then 1).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SmscSim } from '../../src/smsc-sim/smsc-sim.js'
import { startSmppCarrier, textsTo } from '../helpers/smpp-carrier.js'
import { waitFor } from '../helpers/wait-for.js'
import { ensureKannel } from '../helpers/kannel-install.js'
import { startGateway, type Gateway } from './helpers.js'
import { freePort } from '../helpers/free-port.js'

const BEARERBOX = '/usr/sbin/bearerbox'
const SMSBOX = '/usr/sbin/smsbox'

describe('Kannel 1.4.5 as an ESME of the SMPP server', () => {
  let g: Gateway
  let sim: SmscSim
  let dir: string
  let hook: Server
  let sendsms: number
  const dlrs: URLSearchParams[] = []
  const boxes: ChildProcess[] = []
  let dlrUrl = ''

  before(async () => {
    ensureKannel()
    g = await startGateway({}, { delivery: true })
    sim = await startSmppCarrier(g)
    const password = await g.smppPassword()
    hook = createServer((req, res) => {
      dlrs.push(new URL(req.url!, 'http://x').searchParams)
      res.end('ok')
    })
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve))
    const hookPort = (hook.address() as net.AddressInfo).port
    const [admin, box] = [await freePort(), await freePort()]
    sendsms = await freePort()
    dir = mkdtempSync(join(tmpdir(), 'taube-kannel-'))
    const conf = join(dir, 'kannel.conf')
    writeFileSync(
      conf,
      [
        'group = core',
        `admin-port = ${admin}`,
        'admin-password = bar',
        `smsbox-port = ${box}`,
        'box-allow-ip = "127.0.0.1"',
        'admin-allow-ip = "127.0.0.1"',
        `log-file = "${join(dir, 'bearerbox.log')}"`,
        'dlr-storage = internal',
        '',
        'group = smsc',
        'smsc = smpp',
        'smsc-id = taube',
        'host = 127.0.0.1',
        `port = ${g.port}`,
        'transceiver-mode = true',
        `smsc-username = "${g.userId}"`,
        `smsc-password = "${password}"`,
        'system-type = "VMA"',
        '',
        'group = smsbox',
        'bearerbox-host = 127.0.0.1',
        `bearerbox-port = ${box}`,
        `sendsms-port = ${sendsms}`,
        `log-file = "${join(dir, 'smsbox.log')}"`,
        '',
        'group = sendsms-user',
        'username = tester',
        'password = foobar',
        'max-messages = 3',
        'concatenation = true',
        '',
      ].join('\n'),
    )
    boxes.push(spawn(BEARERBOX, [conf], { stdio: 'ignore' }))
    await waitFor('Kannel bound', () => g.smpp.binds.list().length >= 1 || undefined, 20_000)
    boxes.push(spawn(SMSBOX, [conf], { stdio: 'ignore' }))
    await waitFor('sendsms listening', async () => {
      try {
        await fetch(`http://127.0.0.1:${sendsms}/`)
        return true
      } catch {
        return undefined
      }
    })
    dlrUrl = `http://127.0.0.1:${hookPort}/dlr?type=%d&id=%F`
  })

  after(async () => {
    for (const p of boxes.reverse()) {
      const exited = new Promise((resolve) => p.once('exit', resolve))
      p.kill('SIGTERM')
      await exited
    }
    hook.close()
    await g.close()
    await sim.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const send = async (tag: string, params: Record<string, string>) => {
    const q = new URLSearchParams({
      username: 'tester',
      password: 'foobar',
      from: 'Taube',
      'dlr-mask': '9',
      'dlr-url': `${dlrUrl}&m=${tag}`,
      ...params,
    })
    const r = await fetch(`http://127.0.0.1:${sendsms}/cgi-bin/sendsms?${q}`)
    assert.equal(r.status, 202, await r.text())
  }

  it('sends GSM, UCS-2 and 2-part messages and gets the receipts matched', async () => {
    await send('gsm', { to: '+491701230001', text: 'Hello from Kannel {x}' })
    await send('ucs2', {
      to: '+491701230002',
      text: 'Привет из Kannel',
      coding: '2',
      charset: 'UTF-8',
    })
    const long = 'Long message through Kannel. '.repeat(8).trim()
    await send('long', { to: '+491701230003', text: long })
    await waitFor('the carrier got all three', () => {
      const got = ['+491701230001', '+491701230002', '+491701230003'].map((n) => textsTo(sim, n))
      return got.every((t) => t.length > 0) ? got : undefined
    })
    assert.deepEqual(textsTo(sim, '+491701230001'), ['Hello from Kannel {x}'])
    assert.deepEqual(textsTo(sim, '+491701230002'), ['Привет из Kannel'])
    assert.equal(textsTo(sim, '+491701230003').join(''), long)
    // Kannel fires type 8 (SMSC accepted) and type 1 (delivered) for each message.
    await waitFor(
      'type 1 for each',
      () => dlrs.filter((d) => d.get('type') === '1').length >= 3 || undefined,
      20_000,
    )
    for (const tag of ['gsm', 'ucs2', 'long']) {
      const types = dlrs.filter((d) => d.get('m') === tag).map((d) => d.get('type'))
      assert.ok(types.includes('8') && types.includes('1'), `${tag}: ${types.join(',')}`)
    }
  })
})
