/**
 * Scaled dot-product attention, written once for AttentionHead, MultiHeadAttention, CrossAttention
 * and CausalMask: the causal mask, softmax(q·kᵀ/√d_head)·v, and splitting into / merging heads.
 * Every function names its intermediates with `b.expose`, so all attention blocks show the same
 * `scores`, `masked_scores` and `pattern`.
 */
import type { BlockIssue, Builder, IncrementalContext, Value, WeightSpec } from '../block.ts';
import type { Dim } from '../dims.ts';
import { add, dense, div, matmul, reshape, scalar, softmax, transpose, transposeLast2 } from '../ops.ts';
import { rotary, type RotaryOption } from './rotary.ts';

/** −∞ strictly above the diagonal of the last two axes of `scores`, 0 on and below it: [T, T]. */
export function causalMask(b: Builder, scores: Value): Value {
  const size = b.op('Shape', [scores], { start: -2 }); // [2] = (T, T), read at run time
  const filled = b.op('ConstantOfShape', [size], { value: -Infinity }); // [T, T], all −∞
  return b.op('Trilu', [filled], { upper: true, k: 1 }); // [T, T]: −∞ where column > row, else 0
}

/** `scores` with every future position (column > row) set to −∞, so softmax gives it weight 0. */
export function maskFuture(b: Builder, scores: Value): Value {
  return add(b, scores, causalMask(b, scores)); // [..., T, T]
}

/**
 * The causal mask in a decoding plan, where T new queries (positions P … P+T−1) meet P cached and T new
 * keys: 0 for every cached key, and the usual triangle over the new ones → [T, P+T]. With T = 1 it is all 0.
 */
export function cachedCausalMask(b: Builder, scores: Value): Value {
  const queries = b.op('Shape', [scores], { start: -2, end: -1 }); // [1] = (T)
  const keys = b.op('Shape', [scores], { start: -1 }); // [1] = (P+T)
  const past = b.op('Sub', [keys, queries], {}); // [1] = (P)
  const visible = b.op('ConstantOfShape', [b.op('Concat', [queries, past], { axis: 0 })], { value: 0 }); // [T, P]
  const square = b.op('ConstantOfShape', [b.op('Concat', [queries, queries], { axis: 0 })], { value: -Infinity }); // [T, T]
  const future = b.op('Trilu', [square], { upper: true, k: 1 }); // [T, T]: −∞ where column > row
  return b.op('Concat', [visible, future], { axis: -1 }); // [T, P+T]
}

/**
 * The incremental context a self-attention block caches its keys and values with, or undefined when it
 * lowers as usual. A non-causal self-attention on T is rejected: every earlier position would have to
 * see each new token, so nothing computed for earlier calls could be kept.
 */
export function selfAttentionCache(incremental: IncrementalContext | undefined, causal: boolean): IncrementalContext | undefined {
  if (!incremental || causal) return incremental;
  incremental.reject({
    code: 'FW032',
    message: 'a non-causal self-attention on the sequence axis T cannot be cached for step-by-step decoding: ' +
      'each new token would change what every earlier position sees',
    param: 'causal',
    hint: 'turn causal on for a decoder, or generate without the KV cache (--no-cache)',
  });
  return undefined;
}

/**
 * softmax(q·kᵀ / √d_head (+ causal mask)) · v over the last two axes, exposing `scores`,
 * `masked_scores` (when causal) and `pattern`. q [..., T, d_head], k and v [..., S, d_head] → [..., T, d_head].
 * `cached`: k and v hold S = P + T positions of which q are the last T (a decoding plan).
 */
export function scaledDotProduct(
  b: Builder,
  q: Value,
  k: Value,
  v: Value,
  options: { readonly rank: number; readonly dHead: number; readonly causal: boolean; readonly cached?: boolean },
): Value {
  const similarity = matmul(b, q, transposeLast2(b, k, options.rank)); // [..., T, S]
  const scores = b.expose('scores', div(b, similarity, scalar(b, Math.sqrt(options.dHead)))); // [..., T, S]
  const mask = (s: Value) => (options.cached ? add(b, s, cachedCausalMask(b, s)) : maskFuture(b, s)); // [..., T, S]
  const masked = options.causal ? b.expose('masked_scores', mask(scores)) : scores; // [..., T, S]
  const pattern = b.expose('pattern', softmax(b, masked, -1)); // [..., T, S], rows sum to 1
  return matmul(b, pattern, v); // [..., T, d_head]
}

/** Intermediates of `multiHeadAttention`, in the order they are computed. */
export function multiHeadIntermediates(causal: boolean): string[] {
  return ['q', 'k', 'v', 'scores', ...(causal ? ['masked_scores'] : []), 'pattern', 'concat'];
}

/** Weights of a multi-head attention: four [d_model, d_model] projections, plus biases if asked. */
export function multiHeadWeights(bias: boolean): WeightSpec[] {
  const out: WeightSpec[] = [];
  for (const [name, role] of [['q', 'queries'], ['k', 'keys'], ['v', 'values'], ['o', 'output']] as const) {
    out.push({ name: `W_${name}`, shape: ['d_model', 'd_model'], init: { kind: 'xavier' }, doc: `${role} projection [d_model, d_model]` });
    if (bias) out.push({ name: `b_${name}`, shape: ['d_model'], init: { kind: 'zeros' }, doc: `${role} bias [d_model]` });
  }
  return out;
}

/** The cross-parameter rule of multi-head attention: d_model is fixed and divisible by heads. */
export function checkHeads(dims: Readonly<Record<string, Dim>>, heads: number): BlockIssue[] {
  const d = dims.d_model;
  if (typeof d !== 'number')
    return [{ code: 'FW032', message: `d_model must be a fixed size, got ${String(d)}`, port: 'x', hint: 'feed it from an Embedding' }];
  if (d % heads !== 0) {
    const options = divisors(d).filter((n) => n > 1 && n <= 64).join(', ');
    return [{
      code: 'FW032',
      message: `d_model ${d} is not divisible by heads ${heads}`,
      param: 'heads',
      hint: `each head gets d_model / heads features; pick heads from ${options || '1'} or change d_model`,
    }];
  }
  return [];
}

function divisors(n: number): number[] {
  const out: number[] = [];
  for (let i = 1; i <= n; i++) if (n % i === 0) out.push(i);
  return out;
}

/**
 * Multi-head attention with queries from `query` [B, T, d_model] and keys/values from `source`
 * [B, S, d_model] (the same value for self-attention) → [B, T, d_model]. Exposes q, k, v (split into
 * heads), scores, masked_scores, pattern ([B, h, T, S]) and concat. With `cache` (causal self-attention
 * in a decoding plan) the new keys and values are appended to the cached ones, so S = P + T.
 */
export function multiHeadAttention(
  b: Builder,
  query: Value,
  source: Value,
  weights: Readonly<Record<string, Value>>,
  options: { readonly heads: number; readonly dModel: number; readonly causal: boolean; readonly cache?: IncrementalContext; readonly rotary?: RotaryOption },
): Value {
  const { heads, dModel, cache } = options;
  const dHead = dModel / heads;
  // [B, L, d_model] → [B, L, h, d_head] → [B, h, L, d_head]
  const split = (x: Value) => transpose(b, reshape(b, x, [0, 0, heads, dHead]), [0, 2, 1, 3]);
  // Cached: [B, h, P, d_head] from earlier calls ++ [B, h, T, d_head] new → [B, h, P+T, d_head]
  const keep = (name: string, fresh: Value) => (cache ? cache.extend(name, fresh, 2, ['B', heads, 'P', dHead]) : fresh);
  const turn = rotary(b, options.rotary, 4, dHead, cache); // rotary: rotate q and k by position (before caching k)
  const q = b.expose('q', turn(split(dense(b, query, weights.W_q!, weights.b_q)))); // [B, h, T, d_head]
  const k = b.expose('k', keep('k', turn(split(dense(b, source, weights.W_k!, weights.b_k))))); // [B, h, S, d_head]
  const v = b.expose('v', keep('v', split(dense(b, source, weights.W_v!, weights.b_v)))); // [B, h, S, d_head]
  const perHead = scaledDotProduct(b, q, k, v, { rank: 4, dHead, causal: options.causal, cached: cache !== undefined }); // [B, h, T, d_head]
  // [B, h, T, d_head] → [B, T, h, d_head] → [B, T, d_model]: the heads side by side
  const concat = b.expose('concat', reshape(b, transpose(b, perHead, [0, 2, 1, 3]), [0, 0, dModel]));
  return dense(b, concat, weights.W_o!, weights.b_o); // [B, T, d_model]
}
