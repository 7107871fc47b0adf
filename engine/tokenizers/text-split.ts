/**
 * Splitting text into the units tokenizers work on: words/punctuation (word tokenizer, corpus fitting)
 * and pre-token chunks (byte-level BPE).
 */

/** A piece of text and where it starts (UTF-16 index into the source string). */
export interface TextSpan {
  readonly text: string;
  readonly start: number;
}

/**
 * Words are runs of letters, digits and combining marks, optionally joined by an inner apostrophe
 * (`don't`, `it’s`); every other non-space character is a token of its own; whitespace is dropped.
 */
const WORD_RE = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*|[^\s\p{L}\p{N}\p{M}]/gu;

/** Words and punctuation of `text`, whitespace dropped. */
export function splitWords(text: string): TextSpan[] {
  const out: TextSpan[] = [];
  for (const m of text.matchAll(WORD_RE)) out.push({ text: m[0], start: m.index });
  return out;
}

/**
 * BPE pre-tokenization (GPT-2 style): an optional single leading space plus a run of letters, of digits or of
 * other symbols; or a run of whitespace. Merges never cross chunk boundaries.
 */
const CHUNK_RE = / ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** Longest chunk, in code points; longer runs are cut into pieces of this size (bounds per-chunk work). */
export const MAX_CHUNK_CODE_POINTS = 32;

function pushCut(out: string[], chunk: string): void {
  if (chunk.length <= MAX_CHUNK_CODE_POINTS) {
    out.push(chunk);
    return;
  }
  const cps = Array.from(chunk);
  if (cps.length <= MAX_CHUNK_CODE_POINTS) {
    out.push(chunk);
    return;
  }
  for (let i = 0; i < cps.length; i += MAX_CHUNK_CODE_POINTS) out.push(cps.slice(i, i + MAX_CHUNK_CODE_POINTS).join(''));
}

/** BPE chunks of `text`; their concatenation is exactly `text`. */
export function splitChunks(text: string): string[] {
  const out: string[] = [];
  let last = 0;
  for (const m of text.matchAll(CHUNK_RE)) {
    // The pattern covers every character; the gap check is a safety net that keeps the split lossless.
    if (m.index > last) pushCut(out, text.slice(last, m.index));
    pushCut(out, m[0]);
    last = m.index + m[0].length;
  }
  if (last < text.length) pushCut(out, text.slice(last));
  return out;
}

/** Code-point index of UTF-16 index `utf16Index` in `text` (for messages). */
export function codePointIndex(text: string, utf16Index: number): number {
  let n = 0;
  for (let i = 0; i < utf16Index && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
