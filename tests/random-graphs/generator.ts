/**
 * Seeded random Formwork documents for parity testing: a token (or audio) input, an embedding or one-hot
 * encoding, a random chain of catalogue blocks (see steps.ts: Linear, ReLU, GELU, LayerNorm, FeedForward,
 * attention of every kind, Add skips, Scale, PositionalEncoding, CausalMask + Softmax + MatMul, subgraph
 * instances repeated 1–3 times …), then maybe a de-embedding (tied or not), Softmax and Argmax. Every choice
 * keeps shapes consistent, so each document is valid by construction; the same seed always gives the same
 * document and the same feeds. Plain TypeScript (no vitest), so scripts/soak-parity.ts can use it too.
 */
import { CURRENT_VERSION, FORMAT, type GraphDocument } from '../../graph-schema/document.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { BodyBuilder, Rng, type Ref } from './builder.ts';
import { chain, positional, WIDTHS, type GraphState, type InputSpec, type Scope } from './steps.ts';

export { randomGraphCatalogue } from './float-input.ts';

/** One generated graph with the inputs to run it on. */
export interface RandomGraph {
  readonly seed: number;
  readonly doc: GraphDocument;
  /** Inputs by graph input name: B ∈ 1…2, T and S ∈ 1…6, ids within each vocabulary, floats in (−1, 1). */
  readonly feeds: Record<string, Tensor>;
  /** Block ids used anywhere plus tags such as `tied`, `repeat-3`, `mha-causal`, for coverage checks. */
  readonly features: ReadonlySet<string>;
}

/** Largest sequence length the feeds use (positional tables are at least 8 long). */
export const MAX_SEQUENCE = 6;

const words = (n: number) => ({ kind: 'word', vocab: Array.from({ length: n }, (_, i) => `w${i}`) });

/** The graph for `seed` (any whole number from 0 to 2^32 − 1). */
export function randomGraph(seed: number): RandomGraph {
  const rng = new Rng(seed);
  const body = new BodyBuilder();
  const graph: GraphState = { subgraphs: {}, defined: [], features: new Set(), inputs: [] };
  const memories = new Map<number, Ref>();

  /** A cross-attention source [B, S, width]: token input S → embedding → maybe an encoder chain. */
  const memory = (width: number): Ref | null => {
    const known = memories.get(width);
    if (known !== undefined || memories.size >= 2) return known ?? null;
    const vocab = rng.int(3, 16);
    const ids = body.block('source', 'TokenInput', { tokenizer: words(vocab), sequence: 'S' });
    graph.inputs.push({ name: ids, kind: 'ids', vocab, seq: 'S' });
    const embed = body.block('source_embed', 'Embedding', { vocab_size: vocab, d_model: width });
    body.connect({ node: ids, port: 'ids' }, embed, 'ids');
    const start: Ref = { node: embed, port: 'embedded', width, seq: 'S' };
    const encoder: Scope = { rng, body, graph, top: false, keepWidth: true, depth: 2, taps: [start], memory: () => null };
    const m = chain(encoder, rng.chance(0.5) ? positional(encoder, start) : start, rng.int(0, 2));
    memories.set(width, m);
    return m;
  };
  const top: Scope = { rng, body, graph, top: true, keepWidth: false, depth: 0, taps: [], memory };

  const { start, tie } = source(top);
  let cur = rng.chance(0.5) ? positional(top, start) : start;
  top.taps.push(cur);
  cur = chain(top, cur, rng.int(1, 6));
  const finalTaps = [...top.taps];

  if (tie !== null && tie.width === cur.width && rng.chance(0.6)) {
    cur = deEmbed(top, cur, { vocab_size: tie.vocab, tie_to: tie.node });
    graph.features.add('tied');
  } else if (rng.chance(0.4)) {
    cur = deEmbed(top, cur, { vocab_size: rng.int(3, 30), bias: rng.chance(0.5) });
    graph.features.add('untied');
  }
  if (rng.chance(0.5)) cur = then(top, cur, 'softmax', 'Softmax', 'probs');
  body.connect(cur, body.block('out', 'Output'), 'x');
  if (rng.chance(0.3)) {
    const argmax = body.block('argmax', 'Argmax');
    body.connect(cur, argmax, 'x');
    body.connect({ node: argmax, port: 'ids' }, body.block('ids', 'Output'), 'x');
  }
  if (rng.chance(0.3)) body.connect(rng.pick(finalTaps), body.block('out', 'Output'), 'x');

  const doc: GraphDocument = {
    format: FORMAT,
    version: CURRENT_VERSION,
    meta: { title: `random graph ${seed}` },
    seed: rng.int(0, 2 ** 31),
    nodes: body.nodes,
    edges: body.edges,
    ...(Object.keys(graph.subgraphs).length > 0 ? { subgraphs: graph.subgraphs } : {}),
  };
  const features = new Set(graph.features);
  for (const n of [...doc.nodes, ...Object.values(doc.subgraphs ?? {}).flatMap((sg) => sg.nodes)]) if (n.block) features.add(n.block);
  return { seed, doc, feeds: randomFeeds(seed, graph.inputs), features };
}

/** The input: token ids → Embedding or OneHot, or audio frames. `tie` is the embedding a de-embedding may reuse. */
function source(s: Scope): { start: Ref; tie: { node: string; vocab: number; width: number } | null } {
  const { rng, body, graph } = s;
  const kind = rng.weighted({ embedding: 6, onehot: 2.5, audio: 1.5 });
  if (kind === 'audio') {
    const width = rng.pick(WIDTHS);
    const id = body.block('audio', 'AudioFrames', { n_mels: width });
    graph.inputs.push({ name: id, kind: 'float', shape: ['B', 'T', width] });
    return { start: { node: id, port: 'frames', width, seq: 'T' }, tie: null };
  }
  const vocab = rng.int(3, 24);
  const ids = body.block('tokens', 'TokenInput', { tokenizer: words(vocab) });
  graph.inputs.push({ name: ids, kind: 'ids', vocab, seq: 'T' });
  const idsRef: Ref = { node: ids, port: 'ids', width: 0, seq: 'T' };
  if (kind === 'onehot') return { start: then(s, idsRef, 'onehot', 'OneHot', 'onehot', { depth: vocab }, 'ids', vocab), tie: null };
  const width = rng.pick(WIDTHS);
  const embed = then(s, idsRef, 'embed', 'Embedding', 'embedded', { vocab_size: vocab, d_model: width }, 'ids', width);
  return { start: embed, tie: { node: embed.node, vocab, width } };
}

/** Wires `block` after `cur`. */
function then(s: Scope, cur: Ref, stem: string, block: string, outPort: string, params: Record<string, unknown> = {}, inPort = 'x', width = cur.width): Ref {
  const id = s.body.block(stem, block, params);
  s.body.connect(cur, id, inPort);
  return { node: id, port: outPort, width, seq: cur.seq };
}

function deEmbed(s: Scope, cur: Ref, params: { vocab_size: number } & Record<string, unknown>): Ref {
  return then(s, cur, 'unembed', 'DeEmbedding', 'logits', params, 'x', params.vocab_size);
}

/** Seeded feeds for `inputs`; one size per symbol (B, T, S) across all of them. */
export function randomFeeds(seed: number, inputs: readonly InputSpec[]): Record<string, Tensor> {
  const rng = new Rng((seed ^ 0x5bd1e995) >>> 0);
  const sizes = { B: rng.int(1, 2), T: rng.int(1, MAX_SEQUENCE), S: rng.int(1, MAX_SEQUENCE) };
  const feeds: Record<string, Tensor> = {};
  for (const input of inputs) {
    if (input.kind === 'ids') {
      const shape = [sizes.B, sizes[input.seq]];
      feeds[input.name] = { dtype: 'int64', shape, data: Int32Array.from({ length: shape[0]! * shape[1]! }, () => rng.int(0, input.vocab - 1)) };
    } else {
      const shape = input.shape.map((d) => (typeof d === 'number' ? d : sizes[d]));
      const n = shape.reduce((a, b) => a * b, 1);
      feeds[input.name] = { dtype: 'float32', shape, data: Float32Array.from({ length: n }, () => rng.float(-1, 1)) };
    }
  }
  return feeds;
}
