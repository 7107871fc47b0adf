/**
 * Choosing the next token from a probability row: greedy, temperature, top-k and top-p (nucleus),
 * with a seeded random stream so a generation can be repeated exactly.
 */
import { uniformStream } from '../compile/init.ts';

export interface SamplingOptions {
  /** 0 means greedy (always the most probable token); 1 samples the model's distribution as is. */
  readonly temperature: number;
  /** Keep only the k most probable tokens (0 or undefined: all). */
  readonly topK?: number;
  /** Keep the smallest set of most probable tokens whose probability reaches p (1 or undefined: all). */
  readonly topP?: number;
  readonly seed?: number;
}

/** Indices sorted by descending probability, ties by lower index (deterministic). */
function ranked(probs: ArrayLike<number>): number[] {
  return Array.from({ length: probs.length }, (_, i) => i).sort((a, b) => probs[b]! - probs[a]! || a - b);
}

/**
 * The distribution actually sampled from, after temperature, top-k and top-p, as
 * `{ids, probs}` sorted by descending probability (probs sum to 1). Exposed for tests and the UI.
 */
export function samplingDistribution(probs: ArrayLike<number>, options: SamplingOptions): { ids: number[]; probs: number[] } {
  const order = ranked(probs);
  if (options.temperature <= 1e-6) return { ids: [order[0]!], probs: [1] };
  // p^(1/τ), renormalised, equals softmax(logits / τ); computed in log space against overflow.
  const logs = order.map((i) => Math.log(Math.max(probs[i]!, 0)) / options.temperature);
  const max = logs[0]!;
  let weights = logs.map((l) => Math.exp(l - max));
  let ids = order;
  const k = options.topK ?? 0;
  if (k > 0 && k < ids.length) {
    ids = ids.slice(0, k);
    weights = weights.slice(0, k);
  }
  let total = weights.reduce((a, b) => a + b, 0);
  const p = options.topP ?? 1;
  if (p < 1) {
    let cumulative = 0;
    let keep = 0;
    while (keep < weights.length && cumulative < p * total) cumulative += weights[keep++]!;
    ids = ids.slice(0, Math.max(1, keep));
    weights = weights.slice(0, Math.max(1, keep));
    total = weights.reduce((a, b) => a + b, 0);
  }
  return { ids, probs: weights.map((w) => w / total) };
}

/** A sampler with its own seeded stream: call it once per generated token. */
export function createSampler(options: SamplingOptions): (probs: ArrayLike<number>) => number {
  const next = uniformStream(options.seed ?? 0);
  return (probs) => {
    const d = samplingDistribution(probs, options);
    if (d.ids.length === 1) return d.ids[0]!;
    let u = next();
    for (let i = 0; i < d.ids.length; i++) {
      u -= d.probs[i]!;
      if (u < 0) return d.ids[i]!;
    }
    return d.ids[d.ids.length - 1]!;
  };
}
