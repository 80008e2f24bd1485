import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEspeakRenderer, RenderError } from '../../src/services/voice/espeak-renderer.js'
import { wavDurationS } from '../helpers/wav.js'

describe('espeak-ng renderer', () => {
  let dir: string
  let slow: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'renderer-'))
    // A renderer that never finishes on its own.
    slow = join(dir, 'slow-renderer')
    writeFileSync(slow, '#!/bin/sh\nexec sleep 30\n')
    chmodSync(slow, 0o755)
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  const failure = (reason: string) => (e: unknown) =>
    e instanceof RenderError && e.reason === reason

  it('renders SSML to a WAV', async () => {
    const wav = await createEspeakRenderer().render('<speak>Hallo<break time="1s"/></speak>', 'DE')
    assert.ok(wavDurationS(wav) >= 1)
  })

  it('refuses a render beyond the bound while others run, and takes one again after', async () => {
    const r = createEspeakRenderer({ command: slow, maxConcurrent: 1, timeoutMs: 300 })
    const first = r.render('<speak>a</speak>', 'EN')
    await assert.rejects(r.render('<speak>b</speak>', 'EN'), failure('busy'))
    await assert.rejects(first, failure('timeout'))
    await assert.rejects(r.render('<speak>c</speak>', 'EN'), failure('timeout'), 'a slot again')
  })

  it('says so when the renderer is missing or fails', async () => {
    const missing = createEspeakRenderer({ command: join(dir, 'none') })
    await assert.rejects(missing.render('<speak>a</speak>', 'EN'), failure('failed'))
    const broken = createEspeakRenderer({ command: '/bin/false' })
    await assert.rejects(broken.render('<speak>a</speak>', 'EN'), failure('failed'))
  })
})
