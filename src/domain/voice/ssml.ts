// Voice text (spec §14.2, gap G-44): SSML with <speak>, <break time>, <say-as
// interpret-as="characters">, or plain text. Parsed once into a script that billing, the voice
// connectors and the audio preview all read, so the three agree on what is spoken.
import { parseXml, type XmlNode } from './xml-scan.js'

export type VoiceSegment =
  | { kind: 'text'; text: string }
  /** Read letter by letter (<say-as interpret-as="characters">). */
  | { kind: 'spell'; text: string }
  | { kind: 'break'; ms: number }

export type VoiceScript = { ssml: boolean; segments: VoiceSegment[] }

export type VoiceTextError = { code: 'TEXT_EMPTY' | 'SSML_INVALID'; reason: string }

export type VoiceTextResult =
  { ok: true; value: VoiceScript } | { ok: false; error: VoiceTextError }

/** The longest single pause (spec recommendation: up to 10 s). */
export const MAX_BREAK_MS = 10_000

const TIME = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s)\s*$/

/**
 * Text that begins with '<' (after space) is SSML and must have a <speak> root; any other text
 * is read as it stands, '<' and all.
 */
export function isSsml(text: string): boolean {
  return text.trimStart().startsWith('<')
}

export function parseVoiceText(text: string): VoiceTextResult {
  if (!isSsml(text)) {
    if (visibleOf([{ kind: 'text', text }]) === '') return empty()
    return { ok: true, value: { ssml: false, segments: [{ kind: 'text', text }] } }
  }
  const xml = parseXml(text)
  if (!xml.ok) return invalid(xml.reason)
  if (xml.root.name !== 'speak')
    return invalid(`the root element must be <speak>, not <${xml.root.name}>`)
  const segments: VoiceSegment[] = []
  const problem = walk(xml.root.children, false, segments)
  if (problem !== null) return invalid(problem)
  if (visibleOf(segments) === '') return empty()
  return { ok: true, value: { ssml: true, segments } }
}

function walk(nodes: XmlNode[], spelling: boolean, out: VoiceSegment[]): string | null {
  for (const node of nodes) {
    if (node.kind === 'text') {
      out.push({ kind: spelling ? 'spell' : 'text', text: node.text })
      continue
    }
    const { name, attributes, children } = node
    if (name === 'speak') return '<speak> may only be the root element'
    if (name === 'break') {
      if (children.length > 0) return '<break> must be empty, e.g. <break time="1s"/>'
      const time = attributes['time']
      if (time === undefined) return '<break> needs a time attribute, e.g. time="500ms"'
      const m = TIME.exec(time)
      if (!m) return `<break time="${time}"> is not a time such as "1s" or "500ms"`
      const ms = Math.round(Number(m[1]) * (m[2] === 's' ? 1000 : 1))
      if (ms > MAX_BREAK_MS) return `<break time="${time}"> is longer than 10 s`
      out.push({ kind: 'break', ms })
      continue
    }
    if (name === 'say-as') {
      const as = attributes['interpret-as']
      if (as !== 'characters')
        return `<say-as> supports only interpret-as="characters", not ${as === undefined ? 'none' : `"${as}"`}`
    }
    // Any other tag (<prosody>, <p>, <emphasis>, …) is dropped and its content kept.
    const problem = walk(children, spelling || name === 'say-as', out)
    if (problem !== null) return problem
  }
  return null
}

/** The text a listener hears, spaces collapsed: what is billed per character. */
export function visibleText(script: VoiceScript): string {
  return visibleOf(script.segments)
}

function visibleOf(segments: readonly VoiceSegment[]): string {
  return segments
    .map((s) => (s.kind === 'break' ? '' : s.text))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
}

export function totalPauseMs(script: VoiceScript): number {
  return script.segments.reduce((sum, s) => sum + (s.kind === 'break' ? s.ms : 0), 0)
}

/** Billed characters: visible characters + ceil(pause seconds × 2); tags count for nothing. */
export function billingChars(script: VoiceScript): number {
  return [...visibleText(script)].length + Math.ceil((totalPauseMs(script) * 2) / 1000)
}

/**
 * Pauses with nothing to say between them as one pause of their sum: some speech engines
 * (espeak-ng) keep only one of two adjacent breaks. The sum may exceed MAX_BREAK_MS.
 */
export function mergePauses(script: VoiceScript): VoiceScript {
  const out: VoiceSegment[] = []
  let pauseMs: number | null = null
  let gap: VoiceSegment[] = []
  const flush = () => {
    if (pauseMs !== null) out.push({ kind: 'break', ms: pauseMs }, ...gap)
    pauseMs = null
    gap = []
  }
  for (const s of script.segments) {
    if (s.kind === 'break') pauseMs = (pauseMs ?? 0) + s.ms
    else if (pauseMs !== null && s.kind === 'text' && s.text.trim() === '') gap.push(s)
    else {
      flush()
      out.push(s)
    }
  }
  flush()
  return { ...script, segments: out }
}

/**
 * The script as clean SSML: unknown tags gone, attributes normalised, text escaped. What a
 * voice provider and the preview renderer receive.
 */
export function toSsml(script: VoiceScript): string {
  const body = script.segments
    .map((s) => {
      if (s.kind === 'break') return `<break time="${s.ms}ms"/>`
      if (s.kind === 'spell')
        return `<say-as interpret-as="characters">${escapeXml(s.text)}</say-as>`
      return escapeXml(s.text)
    })
    .join('')
  return `<speak>${body}</speak>`
}

/** Text made safe to stand in SSML as text: a placeholder's value in a voice bulk, say. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function invalid(reason: string): VoiceTextResult {
  return { ok: false, error: { code: 'SSML_INVALID', reason } }
}

function empty(): VoiceTextResult {
  return { ok: false, error: { code: 'TEXT_EMPTY', reason: 'has nothing to speak' } }
}
