/**
 * The random steps of a chain: each takes the current tensor [B, seq, width] and wires one more block (or a
 * small group: a subgraph instance, a hand-built attention pattern) after it. A step that does not apply in
 * its scope returns null and another is drawn, so every document is valid by construction.
 */
import type { Subgraph } from '../../graph-schema/document.ts';
import { BodyBuilder, type Ref, type Rng, type Seq } from './builder.ts';

/** Widths a width-changing step may pick. */
export const WIDTHS = [4, 6, 8, 12, 16, 24, 32] as const;

/** A graph input the feeds must provide. */
export type InputSpec =
  | { readonly name: string; readonly kind: 'ids'; readonly vocab: number; readonly seq: Seq }
  | { readonly name: string; readonly kind: 'float'; readonly shape: ReadonlyArray<number | 'B' | Seq> };

/** What the whole document being generated shares across scopes. */
export interface GraphState {
  readonly subgraphs: Record<string, Subgraph>;
  /** Defined subgraphs, for reuse by a later instance of the same width. */
  readonly defined: Array<{ readonly name: string; readonly width: number; readonly memory: boolean }>;
  /** Tags beyond block ids (`causal`, `tied`, `repeat-3` …), for coverage tests and failure reports. */
  readonly features: Set<string>;
  readonly inputs: InputSpec[];
}

/** Where steps are being added. */
export interface Scope {
  readonly rng: Rng;
  readonly body: BodyBuilder;
  readonly graph: GraphState;
  /** The top level's main chain: may add graph inputs and subgraph instances. */
  readonly top: boolean;
  /** Every step must keep the width (subgraph bodies, which repeat, and encoder chains). */
  readonly keepWidth: boolean;
  /** Subgraph nesting depth, 0 at the top level. */
  readonly depth: number;
  /** Earlier tensors of this body, for skips and extra outputs. */
  readonly taps: Ref[];
  /** A [B, S, width] tensor for cross-attention, or null when there is none of that width here. */
  memory(width: number): Ref | null;
}

type Step = (scope: Scope, cur: Ref) => Ref | null;

const out = (node: string, port: string, width: number, seq: Seq): Ref => ({ node, port, width, seq });

/** Adds `block` after `cur` (its input port `port`) and returns the output `outPort`, keeping the width. */
function unary(scope: Scope, cur: Ref, stem: string, block: string, params: Record<string, unknown>, port: string, outPort: string, width = cur.width): Ref {
  const id = scope.body.block(stem, block, params);
  scope.body.connect(cur, id, port);
  return out(id, outPort, width, cur.seq);
}

function divisors(n: number, max: number): number[] {
  return Array.from({ length: Math.min(n, max) }, (_, i) => i + 1).filter((d) => n % d === 0);
}

const STEPS: Readonly<Record<string, readonly [weight: number, step: Step]>> = {
  linear: [3, (s, cur) => {
    const width = s.keepWidth ? cur.width : s.rng.pick(WIDTHS);
    return unary(s, cur, 'linear', 'Linear', { out_features: width, bias: s.rng.chance(0.7) }, 'x', 'y', width);
  }],
  relu: [1.5, (s, cur) => unary(s, cur, 'relu', 'ReLU', {}, 'x', 'y')],
  gelu: [1.5, (s, cur) => unary(s, cur, 'gelu', 'GELU', {}, 'x', 'y')],
  softmax: [1, (s, cur) => unary(s, cur, 'softmax', 'Softmax', {}, 'x', 'probs')],
  scale: [1, (s, cur) => unary(s, cur, 'scale', 'Scale', { factor: Math.round(s.rng.float(-1.5, 1.5) * 1000) / 1000 }, 'x', 'y')],
  layerNorm: [2.5, (s, cur) => unary(s, cur, 'norm', 'LayerNorm', { eps: s.rng.pick([1e-5, 1e-6, 1e-3]) }, 'x', 'y')],
  feedForward: [2, (s, cur) =>
    unary(s, cur, 'ff', 'FeedForward', { d_ff: s.rng.pick([4, 8, 16, 32]), activation: s.rng.pick(['relu', 'gelu']) }, 'x', 'y')],
  mha: [3, (s, cur) => {
    const causal = s.rng.chance(0.5);
    s.graph.features.add(causal ? 'mha-causal' : 'mha-full');
    const params = { heads: s.rng.pick(divisors(cur.width, 8)), causal, bias: s.rng.chance(0.3) };
    return unary(s, cur, 'attn', 'MultiHeadAttention', params, 'x', 'y');
  }],
  head: [1.5, (s, cur) => {
    const width = s.keepWidth ? cur.width : s.rng.int(2, 16);
    const causal = s.rng.chance(0.5);
    s.graph.features.add(causal ? 'head-causal' : 'head-full');
    return unary(s, cur, 'head', 'AttentionHead', { d_head: width, causal }, 'x', 'y', width);
  }],
  cross: [2, (s, cur) => {
    const memory = cur.seq === 'T' ? s.memory(cur.width) : null;
    if (memory === null) return null;
    const id = s.body.block('cross', 'CrossAttention', { heads: s.rng.pick(divisors(cur.width, 8)), bias: s.rng.chance(0.3) });
    s.body.connect(cur, id, 'x');
    s.body.connect(memory, id, 'memory');
    return out(id, 'y', cur.width, cur.seq);
  }],
  add: [3, (s, cur) => {
    const candidates = s.taps.filter((t) => t.width === cur.width && t.seq === cur.seq && (t.node !== cur.node || t.port !== cur.port));
    if (candidates.length === 0) return null;
    const [a, b] = s.rng.chance(0.5) ? [cur, s.rng.pick(candidates)] : [s.rng.pick(candidates), cur];
    const id = s.body.block('skip', 'Add');
    s.body.connect(a, id, 'a');
    s.body.connect(b, id, 'b');
    return out(id, 'sum', cur.width, cur.seq);
  }],
  pattern: [1.5, (s, cur) => {
    // A hand-built attention: scores [B, seq, seq] → (causal mask) → softmax → pattern · cur.
    if (!s.top) return null;
    let scores = floatInput(s, ['B', cur.seq, cur.seq]);
    if (s.rng.chance(0.6)) scores = unary(s, scores, 'mask', 'CausalMask', {}, 'scores', 'masked');
    const pattern = unary(s, scores, 'softmax', 'Softmax', {}, 'x', 'probs');
    const id = s.body.block('mix', 'MatMul');
    s.body.connect(pattern, id, 'a');
    s.body.connect(cur, id, 'b');
    return out(id, 'product', cur.width, cur.seq);
  }],
  matmul: [1, (s, cur) => {
    if (!s.top || s.keepWidth) return null;
    const width = s.rng.pick(WIDTHS);
    const right = floatInput(s, ['B', cur.width, width]);
    const id = s.body.block('matmul', 'MatMul');
    s.body.connect(cur, id, 'a');
    s.body.connect(right, id, 'b');
    return out(id, 'product', width, cur.seq);
  }],
  posenc: [1, (s, cur) => positional(s, cur)],
  subgraph: [2.5, (s, cur) => subgraphInstance(s, cur)],
};

const WEIGHTS: Readonly<Record<string, number>> = Object.fromEntries(Object.entries(STEPS).map(([k, [w]]) => [k, w]));

/** A FloatInput graph input of `shape` (B, T and S stay symbolic). Only at the top level. */
function floatInput(s: Scope, shape: ReadonlyArray<number | 'B' | Seq>): Ref {
  const id = s.body.block('float', 'FloatInput', { shape: shape.join(',') });
  s.graph.inputs.push({ name: id, kind: 'float', shape });
  const last = shape[shape.length - 1];
  return out(id, 'out', typeof last === 'number' ? last : 0, 'T');
}

/** PositionalEncoding: sinusoidal needs an even width, learned works for any. */
export function positional(s: Scope, cur: Ref): Ref {
  const kind = cur.width % 2 === 0 && s.rng.chance(0.6) ? 'sinusoidal' : 'learned';
  s.graph.features.add(`pos-${kind}`);
  return unary(s, cur, 'pos', 'PositionalEncoding', { kind, max_len: s.rng.int(8, 24) }, 'x', 'y');
}

/** One random step after `cur`; its result becomes a tap. */
export function step(s: Scope, cur: Ref): Ref {
  for (;;) {
    const name = s.rng.weighted(WEIGHTS);
    const result = STEPS[name]![1](s, cur);
    if (result === null) continue;
    s.taps.push(result);
    return result;
  }
}

/** `count` random steps after `cur`. */
export function chain(s: Scope, cur: Ref, count: number): Ref {
  let at = cur;
  for (let i = 0; i < count; i++) at = step(s, at);
  return at;
}

/**
 * A subgraph instance applied 1–3 times: a new subgraph whose body is a short width-keeping chain from input
 * `x` to output `x` (so repetitions chain), maybe with a second input `memory` for cross-attention; or, now and
 * then, another instance of an earlier subgraph of the same width.
 */
function subgraphInstance(s: Scope, cur: Ref): Ref | null {
  if (s.depth >= 2 || (!s.top && !s.rng.chance(0.3))) return null;
  const g = s.graph;
  const reusable = g.defined.filter((d) => d.width === cur.width && !d.memory);
  let name: string;
  let memory = false;
  if (reusable.length > 0 && s.rng.chance(0.3)) {
    name = s.rng.pick(reusable).name;
    g.features.add('shared-subgraph');
  } else {
    name = `layer${Object.keys(g.subgraphs).length}`;
    memory = cur.seq === 'T' && s.depth === 0 && s.rng.chance(0.35) && s.memory(cur.width) !== null;
    defineSubgraph(s, name, cur.width, memory);
  }
  const repeat = s.rng.int(1, 3);
  g.features.add(`repeat-${repeat}`);
  if (s.depth > 0) g.features.add('nested-subgraph');
  const id = s.body.instance('layers', name, repeat);
  s.body.connect(cur, id, 'x');
  if (memory) s.body.connect(s.memory(cur.width)!, id, 'memory');
  return out(id, 'x', cur.width, cur.seq);
}

function defineSubgraph(s: Scope, name: string, width: number, withMemory: boolean): void {
  s.graph.subgraphs[name] = { nodes: [], edges: [] }; // reserves the name while nested ones are defined
  const body = new BodyBuilder();
  const x = out(body.block('x', 'SubgraphInput', {}, 'x'), 'out', width, 'T');
  const memory = withMemory ? out(body.block('memory', 'SubgraphInput', {}, 'memory'), 'out', width, 'S') : null;
  if (withMemory) s.graph.features.add('cross-in-subgraph');
  const inner: Scope = {
    rng: s.rng, body, graph: s.graph, top: false, keepWidth: true, depth: s.depth + 1, taps: [x],
    memory: (w) => (w === width ? memory : null),
  };
  const last = chain(inner, x, s.rng.int(1, 4));
  body.connect(last, body.block('x_out', 'SubgraphOutput', { name: 'x' }, 'x_out'), 'in');
  s.graph.subgraphs[name] = { title: `random layer ${name}`, nodes: body.nodes, edges: body.edges };
  s.graph.defined.push({ name, width, memory: withMemory });
}
