/**
 * Character tokenizer: one token per Unicode code point.
 */
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { TokenizerSpec } from '../../graph-schema/tokenizer-spec.ts';
import { pieceList, decodeWith } from './common.ts';
import type { Tokenizer } from './types.ts';

/** Builds a char tokenizer from a validated spec and its string → id index. */
export function charTokenizer(spec: TokenizerSpec, index: ReadonlyMap<string, number>): Tokenizer {
  const unknownId = spec.unknown !== undefined ? index.get(spec.unknown) : undefined;
  const encode = (raw: string): Result<number[]> => {
    const text = spec.lowercase ? raw.toLowerCase() : raw;
    const ids: number[] = [];
    let position = 0;
    for (const ch of text) {
      const id = index.get(ch) ?? unknownId;
      if (id === undefined) {
        return fail([
          error('FW060', `no token for character ${JSON.stringify(ch)} at character ${position}`, {
            hint: 'add it to the vocabulary or set an unknown token',
          }),
        ]);
      }
      ids.push(id);
      position++;
    }
    return ok(ids);
  };
  return {
    spec,
    vocabSize: spec.vocab.length,
    encode,
    decode: (ids) => decodeWith(spec.vocab, ids).join(''),
    pieces: (text) => pieceList(spec.vocab, encode(text)),
  };
}
