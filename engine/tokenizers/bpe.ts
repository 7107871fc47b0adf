/**
 * Byte-level BPE tokenizer.
 *
 * Text is split into chunks (`splitChunks`), each chunk's UTF-8 bytes start as the 256 byte tokens
 * (see `bytes.ts` for their spellings), and merges are applied within the chunk lowest rank (earliest
 * learned) first. Every byte has a token, so any string of valid Unicode encodes and decodes back exactly.
 * Vocabulary entries that are not byte spellings (e.g. `<|endoftext|>`) are special tokens: `encode`
 * never produces them and `decode` writes their text literally.
 */
import { ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { TokenizerSpec } from '../../graph-schema/tokenizer-spec.ts';
import { applyMerges, pairKey, type MergeRule } from './bpe-merge.ts';
import { BYTE_SPELLINGS, spellingToBytes } from './bytes.ts';
import { pieceList } from './common.ts';
import { splitChunks } from './text-split.ts';
import type { Tokenizer } from './types.ts';

/** Encoded chunks remembered per tokenizer; the cache is cleared when it reaches this size. */
const CACHE_LIMIT = 4096;

const utf8 = new TextEncoder();
/** `ignoreBOM` keeps a leading U+FEFF, so text starting with one round-trips. */
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const REPLACEMENT_BYTES = utf8.encode('\uFFFD');

/** Builds a BPE tokenizer from a validated spec (all 256 byte tokens present) and its string → id index. */
export function bpeTokenizer(spec: TokenizerSpec, index: ReadonlyMap<string, number>): Tokenizer {
  const byteIds = BYTE_SPELLINGS.map((s) => index.get(s) as number);
  const tokenBytes = spec.vocab.map((s) => spellingToBytes(s) ?? utf8.encode(s));
  const rules = new Map<number, MergeRule>();
  (spec.merges ?? []).forEach(([a, b], rank) => {
    const ia = index.get(a) as number;
    const ib = index.get(b) as number;
    rules.set(pairKey(ia, ib), { rank, a: ia, b: ib, result: index.get(a + b) as number });
  });
  const cache = new Map<string, readonly number[]>();

  const encodeChunk = (chunk: string): readonly number[] => {
    const hit = cache.get(chunk);
    if (hit !== undefined) return hit;
    const start = Array.from(utf8.encode(chunk), (b) => byteIds[b] as number);
    const ids = applyMerges(start, rules);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(chunk, ids);
    return ids;
  };

  const encode = (raw: string): Result<number[]> => {
    const text = spec.lowercase ? raw.toLowerCase() : raw;
    const ids: number[] = [];
    for (const chunk of splitChunks(text)) for (const id of encodeChunk(chunk)) ids.push(id);
    return ok(ids);
  };

  const decode = (ids: readonly number[]): string => {
    const parts = ids.map((id) => (Number.isInteger(id) ? tokenBytes[id] : undefined) ?? REPLACEMENT_BYTES);
    let total = 0;
    for (const p of parts) total += p.length;
    const all = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return utf8Decoder.decode(all);
  };

  return { spec, vocabSize: spec.vocab.length, encode, decode, pieces: (text) => pieceList(spec.vocab, encode(text)) };
}
