/**
 * Word tokenizer: words and punctuation marks are tokens, whitespace is dropped.
 */
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { TokenizerSpec } from '../../graph-schema/tokenizer-spec.ts';
import { decodeWith, pieceList } from './common.ts';
import { codePointIndex, splitWords } from './text-split.ts';
import type { Tokenizer } from './types.ts';

/** Punctuation written directly after the previous word. */
const CLOSING = new Set(['.', ',', '!', '?', ';', ':', ')', ']', '}', '%', '…', '»', '”', '’']);
/** Punctuation written directly before the next word. */
const OPENING = new Set(['(', '[', '{', '«', '“', '‘', '¿', '¡']);

/**
 * Joins words with single spaces, attaching closing punctuation to the word before, opening punctuation to
 * the word after, and straight double quotes alternately as opening and closing.
 */
export function joinWords(words: readonly string[]): string {
  let out = '';
  let glueNext = true;
  let quoteOpen = false;
  for (const w of words) {
    let closing = CLOSING.has(w);
    let opening = OPENING.has(w);
    if (w === '"') {
      closing = quoteOpen;
      opening = !quoteOpen;
      quoteOpen = !quoteOpen;
    }
    if (!glueNext && !closing) out += ' ';
    out += w;
    glueNext = opening;
  }
  return out;
}

/** Builds a word tokenizer from a validated spec and its string → id index. */
export function wordTokenizer(spec: TokenizerSpec, index: ReadonlyMap<string, number>): Tokenizer {
  const unknownId = spec.unknown !== undefined ? index.get(spec.unknown) : undefined;
  const encode = (raw: string): Result<number[]> => {
    const text = spec.lowercase ? raw.toLowerCase() : raw;
    const ids: number[] = [];
    for (const w of splitWords(text)) {
      const id = index.get(w.text) ?? unknownId;
      if (id === undefined) {
        return fail([
          error('FW060', `no token for word ${JSON.stringify(w.text)} at character ${codePointIndex(text, w.start)}`, {
            hint: 'add it to the vocabulary or set an unknown token',
          }),
        ]);
      }
      ids.push(id);
    }
    return ok(ids);
  };
  return {
    spec,
    vocabSize: spec.vocab.length,
    encode,
    decode: (ids) => joinWords(decodeWith(spec.vocab, ids)),
    pieces: (text) => pieceList(spec.vocab, encode(text)),
  };
}
