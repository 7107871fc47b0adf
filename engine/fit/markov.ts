/**
 * First- and second-order sequence models (Markov chains) counted from a weighted corpus.
 */
import { ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import type { CorpusLine } from './corpus.ts';
import { normaliseRows, resolveVocab } from './vocab.ts';

/** A fitted transition model. */
export interface TransitionModel {
  /** Word of each id; given order, or sorted when fitted without a vocabulary. */
  readonly vocab: string[];
  /** float32; first order `[N, N]`, second order `[N*N, N]`. Rows sum to 1, or are all 0 when never followed. */
  readonly transition: Tensor;
}

/**
 * First-order model: row = current word, column = next word, each row the weighted fraction of times each
 * next word followed the current one. FW060 if `vocab` is given and misses a corpus word or repeats one.
 */
export function fitFirstOrder(corpus: readonly CorpusLine[], vocab?: readonly string[]): Result<TransitionModel> {
  const v = resolveVocab(corpus, vocab, 2);
  if (!v.ok) return v;
  const n = v.value.vocab.length;
  const counts = new Float64Array(n * n); // [N, N]
  for (const line of corpus) {
    const ids = line.words.map((w) => v.value.index.get(w) as number);
    for (let t = 0; t + 1 < ids.length; t++) {
      const at = (ids[t] as number) * n + (ids[t + 1] as number);
      counts[at] = (counts[at] as number) + line.weight;
    }
  }
  return ok({ vocab: v.value.vocab, transition: { dtype: 'float32', shape: [n, n], data: normaliseRows(counts, n, n) } });
}

/**
 * Second-order model: row = prev·N + cur (the two most recent words), column = next word. Sentences'
 * first words (no predecessor) start no row. Errors as `fitFirstOrder`; FW034 when N³ is too large.
 */
export function fitSecondOrder(corpus: readonly CorpusLine[], vocab?: readonly string[]): Result<TransitionModel> {
  const v = resolveVocab(corpus, vocab, 3);
  if (!v.ok) return v;
  const n = v.value.vocab.length;
  const counts = new Float64Array(n * n * n); // [N*N, N]
  for (const line of corpus) {
    const ids = line.words.map((w) => v.value.index.get(w) as number);
    for (let t = 1; t + 1 < ids.length; t++) {
      const row = (ids[t - 1] as number) * n + (ids[t] as number);
      const at = row * n + (ids[t + 1] as number);
      counts[at] = (counts[at] as number) + line.weight;
    }
  }
  return ok({ vocab: v.value.vocab, transition: { dtype: 'float32', shape: [n * n, n], data: normaliseRows(counts, n * n, n) } });
}
