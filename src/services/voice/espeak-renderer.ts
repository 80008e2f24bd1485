// Renders voice messages to WAV with espeak-ng (Debian package espeak-ng), which reads SSML
// with -m: <break time> pauses and <say-as interpret-as="characters"> spelling are honoured.
// A bounded number of renders run at once (each is a process using a core for about as long as
// the text takes to say, divided by ~20); beyond that the caller is told to come back.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { VoiceLang } from '../../domain/voice/voice-lang.js'

/** espeak-ng voice per language. */
export const ESPEAK_VOICES = {
  DE: 'de',
  EN: 'en-gb',
  FR: 'fr-fr',
  IT: 'it',
  ES: 'es',
} as const satisfies Record<VoiceLang, string>

export type RenderFailure = 'busy' | 'timeout' | 'failed'

export class RenderError extends Error {
  constructor(
    readonly reason: RenderFailure,
    detail: string,
  ) {
    super(detail)
  }
}

export type AudioRenderer = {
  /** WAV bytes of the SSML read in `lang`; rejects with a RenderError. */
  render(ssml: string, lang: VoiceLang): Promise<Buffer>
}

export type EspeakOptions = {
  command?: string
  /** Renders at once; one more is refused as busy. */
  maxConcurrent?: number
  timeoutMs?: number
}

export const ESPEAK_DEFAULTS = {
  command: '/usr/bin/espeak-ng',
  maxConcurrent: 2,
  timeoutMs: 10_000,
}

export function createEspeakRenderer(opts: EspeakOptions = {}): AudioRenderer {
  const { command, maxConcurrent, timeoutMs } = { ...ESPEAK_DEFAULTS, ...opts }
  let running = 0
  return {
    async render(ssml, lang) {
      if (running >= maxConcurrent)
        throw new RenderError('busy', `${maxConcurrent} previews are being rendered`)
      running++
      // espeak-ng writes a WAV with correct sizes only to a file (to a pipe it cannot seek back).
      const dir = await mkdtemp(join(tmpdir(), 'taube-voice-'))
      try {
        const file = join(dir, 'preview.wav')
        const args = ['-m', '-v', ESPEAK_VOICES[lang], '-w', file, '--stdin']
        await run(command, args, ssml, timeoutMs)
        return await readFile(file)
      } finally {
        running--
        await rm(dir, { recursive: true, force: true })
      }
    },
  }
}

function run(command: string, args: string[], input: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'] })
    let stderr = ''
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < 1000) stderr += d
    })
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(new RenderError('failed', `${command}: ${err.message}`))
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      if (timedOut) reject(new RenderError('timeout', `not rendered within ${timeoutMs} ms`))
      else if (code !== 0)
        reject(new RenderError('failed', `${command} exited with ${code}: ${stderr.trim()}`))
      else resolve()
    })
    // A renderer that died before reading its input is reported by 'close'.
    child.stdin.on('error', () => undefined)
    child.stdin.end(input)
  })
}
