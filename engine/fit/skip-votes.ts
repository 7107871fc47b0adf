/**
 * Second-order model with skips (the article's step towards attention).
 *
 * At each position, the features are the pairs (earlier word, most recent word), one per distinct word
 * before the most recent one. Each feature row holds the fraction of times each next word followed it;
 * a prediction sums the rows of all present features (each feature votes), and a mask keeps only some
 * features, which is what attention does.
 */
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import type { CorpusLine } from './corpus.ts';
import { normaliseRows, resolveVocab } from './vocab.ts';

/** Fitted skip votes. */
export interface SkipVotesModel {
  readonly vocab: string[];
  /** float32 `[N*N, N]`: row earlier·N + recent, column next word; rows sum to 1 or are all 0. */
  readonly votes: Tensor;
}

/** Distinct ids among the first `end` entries of `ids`, in first-seen order. */
function distinctBefore(ids: readonly number[], end: number): number[] {
  return [...new Set(ids.slice(0, end))];
}

/**
 * Counts skip features over the corpus (weighted by line). Errors as `fitFirstOrder`; FW034 when N³ is
 * too large.
 */
export function fitSkipVotes(corpus: readonly CorpusLine[], vocab?: readonly string[]): Result<SkipVotesModel> {
  const v = resolveVocab(corpus, vocab, 3);
  if (!v.ok) return v;
  const n = v.value.vocab.length;
  const counts = new Float64Array(n * n * n); // [N*N, N]
  for (const line of corpus) {
    const ids = line.words.map((w) => v.value.index.get(w) as number);
    for (let t = 1; t + 1 < ids.length; t++) {
      const recent = ids[t] as number;
      const next = ids[t + 1] as number;
      for (const earlier of distinctBefore(ids, t)) {
        const at = (earlier * n + recent) * n + next;
        counts[at] = (counts[at] as number) + line.weight;
      }
    }
  }
  return ok({ vocab: v.value.vocab, votes: { dtype: 'float32', shape: [n * n, n], data: normaliseRows(counts, n * n, n) } });
}

/**
 * Which features count: `keep` lists (earlier, recent) word pairs to keep (all others are masked out);
 * `weights` gives a multiplier per feature row `[N*N]` (0 removes a feature, 1 keeps it).
 */
export type SkipMask = { readonly keep: readonly (readonly [earlier: string, recent: string])[] } | { readonly weights: ArrayLike<number> };

/**
 * Sums the votes of the features of `words` (each distinct earlier word paired with the last word),
 * optionally masked. Returns float32 `[N]`: the total vote for each next word.
 * FW060 for no words or a word (in `words` or the mask) outside `vocab`; FW030 when `votes` or mask
 * weights do not fit `vocab`.
 */
export function skipVotesFor(words: readonly string[], votes: Tensor, vocab: readonly string[], mask?: SkipMask): Result<Tensor> {
  const n = vocab.length;
  if (votes.shape.length !== 2 || votes.shape[0] !== n * n || votes.shape[1] !== n) {
    return fail([error('FW030', `votes have shape [${votes.shape.join(', ')}], expected [${n * n}, ${n}] for ${n} words`)]);
  }
  if (words.length === 0) return fail([error('FW060', 'no words to predict from')]);
  const index = new Map(vocab.map((w, i) => [w, i]));
  const idOf = (w: string): number | undefined => index.get(w);
  const ids: number[] = [];
  for (const w of words) {
    const id = idOf(w);
    if (id === undefined) return fail([error('FW060', `word ${JSON.stringify(w)} is not in the vocabulary`)]);
    ids.push(id);
  }

  let weights: ArrayLike<number> | undefined;
  if (mask !== undefined && 'weights' in mask) {
    if (mask.weights.length !== n * n) return fail([error('FW030', `mask has ${mask.weights.length} weights, expected ${n * n} (one per feature)`)]);
    weights = mask.weights;
  } else if (mask !== undefined) {
    const keep = new Float32Array(n * n);
    for (const [earlier, recent] of mask.keep) {
      const a = idOf(earlier);
      const b = idOf(recent);
      if (a === undefined || b === undefined) {
        return fail([error('FW060', `mask feature (${JSON.stringify(earlier)}, ${JSON.stringify(recent)}) uses a word outside the vocabulary`)]);
      }
      keep[a * n + b] = 1;
    }
    weights = keep;
  }

  const recent = ids[ids.length - 1] as number;
  const totals = new Float32Array(n); // [N]
  for (const earlier of distinctBefore(ids, ids.length - 1)) {
    const row = earlier * n + recent;
    const w = weights === undefined ? 1 : (weights[row] as number);
    if (w === 0) continue;
    for (let c = 0; c < n; c++) totals[c] = (totals[c] as number) + w * (votes.data[row * n + c] as number);
  }
  return ok({ dtype: 'float32', shape: [n], data: totals });
}
