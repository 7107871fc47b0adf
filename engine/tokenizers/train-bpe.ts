/**
 * Learning byte-level BPE merges from a corpus.
 */
import { LIMITS_TOKENIZER, type TokenizerSpec } from '../../graph-schema/tokenizer-spec.ts';
import { mergePair, pairKey } from './bpe-merge.ts';
import { BYTE_SPELLINGS } from './bytes.ts';
import { prefixOf } from './common.ts';
import { PairHeap } from './pair-heap.ts';
import { splitChunks } from './text-split.ts';

/** Work bounds of `trainBpe`. */
export const LIMITS_BPE_TRAINING = {
  /** Only this many leading UTF-16 units of the corpus are read. */
  maxCorpusChars: 4_000_000,
  /** `numMerges` is clamped to this. */
  maxMerges: 32_768,
  /** A pair is merged only if it occurs at least this often (weighted by chunk frequency). */
  minPairCount: 2,
} as const;

const utf8 = new TextEncoder();

/** Per-chunk state: distinct chunks with their frequency and current token ids. */
interface Words {
  readonly ids: number[][];
  readonly freq: number[];
}

function collectWords(corpus: string): Words {
  const counts = new Map<string, number>();
  for (const chunk of splitChunks(prefixOf(corpus, LIMITS_BPE_TRAINING.maxCorpusChars))) {
    counts.set(chunk, (counts.get(chunk) ?? 0) + 1);
  }
  const ids: number[][] = [];
  const freq: number[] = [];
  for (const [chunk, n] of counts) {
    ids.push(Array.from(utf8.encode(chunk)));
    freq.push(n);
  }
  return { ids, freq };
}

/**
 * Learns up to `numMerges` byte-level BPE merges from `corpus` and returns a `bpe` spec that
 * `createTokenizer` accepts: the vocabulary is the 256 byte tokens (id = byte value) followed by the merged
 * tokens in the order learned; `merges` lists the learned pairs in that order.
 *
 * Each step merges the adjacent pair with the highest count (summed over chunk occurrences); ties go to the
 * pair whose first token has the lower id, then whose second token has the lower id. Pairs whose merged
 * spelling would exceed the schema's token length limit are skipped. Training stops early when no pair
 * occurs at least `LIMITS_BPE_TRAINING.minPairCount` times.
 *
 * Bounds: reads at most `LIMITS_BPE_TRAINING.maxCorpusChars` of the corpus; `numMerges` is floored and
 * clamped to [0, `LIMITS_BPE_TRAINING.maxMerges`]. Pair counts are updated incrementally (only chunks
 * containing the merged pair are revisited), so the cost per merge is proportional to those chunks.
 */
export function trainBpe(corpus: string, numMerges: number): TokenizerSpec {
  const target = Number.isFinite(numMerges) ? Math.max(0, Math.min(Math.floor(numMerges), LIMITS_BPE_TRAINING.maxMerges)) : 0;
  const vocab = BYTE_SPELLINGS.slice();
  const vocabIndex = new Map<string, number>(vocab.map((s, id) => [s, id]));
  const merges: [string, string][] = [];
  if (target === 0) return { kind: 'bpe', vocab, merges };

  const words = collectWords(corpus);
  const counts = new Map<number, number>();
  const where = new Map<number, Set<number>>();
  const touched = new Set<number>();
  const heap = new PairHeap();

  const addPairs = (w: number, sign: 1 | -1): void => {
    const ids = words.ids[w] as number[];
    const f = (words.freq[w] as number) * sign;
    for (let i = 0; i + 1 < ids.length; i++) {
      const key = pairKey(ids[i] as number, ids[i + 1] as number);
      counts.set(key, (counts.get(key) ?? 0) + f);
      touched.add(key);
      if (sign > 0) {
        let set = where.get(key);
        if (set === undefined) where.set(key, (set = new Set()));
        set.add(w);
      }
    }
  };
  const pushTouched = (): void => {
    for (const key of touched) {
      const count = counts.get(key) ?? 0;
      if (count > 0) heap.push({ count, a: Math.floor(key / 262_144), b: key % 262_144 });
      else counts.delete(key);
    }
    touched.clear();
  };

  for (let w = 0; w < words.ids.length; w++) addPairs(w, 1);
  pushTouched();

  const merged = new Set<number>();
  while (merges.length < target) {
    const top = heap.pop();
    if (top === undefined || top.count < LIMITS_BPE_TRAINING.minPairCount) break;
    const key = pairKey(top.a, top.b);
    if (counts.get(key) !== top.count) continue; // stale entry
    const left = vocab[top.a] as string;
    const right = vocab[top.b] as string;
    const spelling = left + right;
    if (spelling.length > LIMITS_TOKENIZER.maxTokenLength) continue;
    let id = vocabIndex.get(spelling);
    if (id === undefined) {
      id = vocab.length;
      vocab.push(spelling);
      vocabIndex.set(spelling, id);
    }
    // A pair can reappear only when two merges spell the same token; it is then merged again without
    // being listed twice (encoding already applies it at its first rank).
    if (!merged.has(key)) {
      merged.add(key);
      merges.push([left, right]);
    }
    for (const w of where.get(key) ?? []) {
      addPairs(w, -1);
      words.ids[w] = mergePair(words.ids[w] as number[], top.a, top.b, id);
      addPairs(w, 1);
    }
    where.delete(key);
    pushTouched();
  }
  return { kind: 'bpe', vocab, merges };
}
