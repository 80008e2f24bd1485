import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { loadConfig } from './load.js'

describe('SMPP server settings', () => {
  it('listens on 2775 in a default start, and not in a production start unless named', () => {
    assert.equal(loadConfig({}).smppPort, 2775)
    assert.equal(loadConfig({ NODE_ENV: 'production' }).smppPort, undefined)
    assert.equal(loadConfig({ NODE_ENV: 'production', TAUBE_SMPP_PORT: '2776' }).smppPort, 2776)
    assert.equal(loadConfig({ TAUBE_SMPP_PORT: 'off' }).smppPort, undefined)
  })

  it('refuses a bad port, and TLS settings that do not come together', () => {
    assert.throws(() => loadConfig({ TAUBE_SMPP_PORT: 'smpp' }), /TAUBE_SMPP_PORT/)
    assert.throws(() => loadConfig({ TAUBE_SMPP_TLS_PORT: '3550' }), /go together/)
    const tls = { TAUBE_SMPP_TLS_PORT: '3550', TAUBE_SMPP_TLS_CERT: '/c', TAUBE_SMPP_TLS_KEY: '/k' }
    assert.equal(loadConfig(tls).smppTlsPort, 3550)
  })
})
