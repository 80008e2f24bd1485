// How a voice message is counted for pricing (decisions.md, "Voice messages"): the price list's
// unit price applies per started block of billed characters, as an SMS is priced per part.

/** Billed characters per block: one GSM SMS's worth, so a short call costs what an SMS does. */
export const VOICE_BLOCK_CHARS = 160

/** The longest call accepted, in blocks (as a text SMS may have at most 10 parts). */
export const MAX_VOICE_BLOCKS = 10

export const MAX_VOICE_CHARS = VOICE_BLOCK_CHARS * MAX_VOICE_BLOCKS

/** Started blocks of `chars` billed characters; at least one. */
export function voiceBlocks(chars: number): number {
  return Math.max(1, Math.ceil(chars / VOICE_BLOCK_CHARS))
}
