/**
 * `defineBlock`: a block is defined once — ports, params, learned weights, shape rule and lowering
 * to primitive ops — and the palette, inspector, shape inference, compiler, CPU backend and ONNX
 * exporter all read that one definition.
 */
import type { Dim, DimPattern, Shape } from './dims.ts';
import type { DiagnosticCode } from './diagnostics.ts';
import type { ParamSpecs, ParamValues } from './params.ts';
import type { PrimAttrs, PrimOp } from './primitives.ts';
import type { DType, Tensor } from './tensor.ts';

/** Palette groups, in display order. */
export const CATEGORIES = ['input', 'encoding', 'attention', 'layers', 'math', 'output', 'structure'] as const;
export type Category = (typeof CATEGORIES)[number];

/** A tensor type flowing along an edge. */
export interface TensorType {
  readonly dtype: DType;
  readonly shape: Shape;
}

export interface PortSpec {
  readonly name: string;
  /** `any` accepts every dtype (outputs declared `any` take the dtype of the first input). */
  readonly dtype: DType | 'any';
  /** Declared shape, e.g. `['B', 'T', 'd_model']` or `['...', 'in_features']`. */
  readonly shape: readonly DimPattern[];
  readonly doc: string;
  /** An optional input may stay unconnected; `ctx.inputs[name]` is then undefined. */
  readonly optional?: boolean;
}

/** How a learned weight is initialised when the document gives no value for it. */
export type InitRule =
  | { readonly kind: 'zeros' }
  | { readonly kind: 'ones' }
  /** Approximately normal (Irwin–Hall of 12 uniforms: bit-exact on every platform). */
  | { readonly kind: 'normal'; readonly std: number }
  /** Uniform in ±sqrt(6 / (fan_in + fan_out)) over the last two dims. */
  | { readonly kind: 'xavier' };

export interface WeightSpec {
  /** Local name; the full stable name is `<node path>.<name>`, e.g. `layers.0.attn.W_q`. */
  readonly name: string;
  readonly shape: readonly DimPattern[];
  readonly init: InitRule;
  readonly doc: string;
  /**
   * Share another node's weight instead of owning one (e.g. de-embedding tied to the embedding).
   * `param` names the string param holding the other node's id; when that param is empty the block
   * owns its weight.
   */
  readonly tie?: { readonly param: string; readonly weight: string; readonly transpose: boolean };
}

/** What a block's shape rule or check sees. */
export interface ShapeContext<P extends ParamSpecs = ParamSpecs> {
  readonly params: ParamValues<P>;
  readonly inputs: Readonly<Record<string, TensorType | undefined>>;
  /** Symbol bindings from unifying the declared input patterns (and int params). */
  readonly dims: Readonly<Record<string, Dim>>;
}

/** A problem reported by a block's own rule; inference adds the node id. */
export interface BlockIssue {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly port?: string;
  readonly param?: string;
  readonly hint?: string;
}

/** A value in the primitive graph being built. */
export interface Value {
  readonly id: number;
  readonly dtype: DType;
}

/** What `lower()` builds with. The engine implements it. */
export interface Builder {
  /** Adds one primitive op and returns its output. */
  op<K extends PrimOp>(op: K, inputs: readonly Value[], attrs: PrimAttrs[K]): Value;
  /** A constant tensor (becomes an initializer in ONNX). */
  constant(tensor: Tensor): Value;
  /** Names an interesting intermediate (`scores`, `pattern`) so users can open the block and see it. */
  expose(name: string, value: Value): Value;
  /** Declares a graph input named after the node. Only for blocks with `role: 'input'`. */
  graphInput(dtype: DType, shape: Shape): Value;
  /** Declares a graph output named after the node. Only for blocks with `role: 'output'`. */
  graphOutput(value: Value): void;
}

/** What a block's `lower()` sees. */
export interface LowerContext<P extends ParamSpecs = ParamSpecs> {
  readonly params: ParamValues<P>;
  readonly inputs: Readonly<Record<string, Value | undefined>>;
  readonly inputTypes: Readonly<Record<string, TensorType | undefined>>;
  readonly weights: Readonly<Record<string, Value>>;
  /** Bound symbols, e.g. `{ d_model: 32, heads: 4 }`; graph symbols (B, T) stay strings. */
  readonly dims: Readonly<Record<string, Dim>>;
  /**
   * Present only in a decoding plan (`compile(…, { incremental: true })`) and only for blocks with an
   * input on the sequence axis `T`. Such a plan processes the T newest positions per call, after P
   * positions processed by earlier calls, so a block that mixes positions along T must cache what it
   * needs from earlier calls (`extend`) or `reject` the plan. Position-wise blocks ignore it.
   */
  readonly incremental?: IncrementalContext;
}

/** What a block on the sequence axis sees when lowering into a decoding plan (see `LowerContext.incremental`). */
export interface IncrementalContext {
  /** int64 [1]: the number of positions processed by earlier calls (P), i.e. the position of the first new token. */
  readonly offset: Value;
  /**
   * Appends `fresh` (the new positions) to this block's cache `name` along `axis` and returns the whole
   * sequence so far, Concat(past, fresh). Declares the graph input `<node>.<name>.past` with
   * `cacheShape` (its `axis` entry is the symbol `P`, e.g. `['B', 4, 'P', 8]`) and the graph output
   * `<node>.<name>.present` (P+T positions), which the caller feeds back as the next call's past.
   */
  extend(name: string, fresh: Value, axis: number, cacheShape: Shape): Value;
  /** Reports that this block, with its current params, cannot run incrementally; the compile fails with `issue`. */
  reject(issue: BlockIssue): void;
}

export interface BlockDefinition<P extends ParamSpecs = ParamSpecs> {
  /** Stable id used in documents, e.g. `MultiHeadAttention`. */
  readonly id: string;
  /** Bumped when a block's params or semantics change (documents keep working through `migrations`). */
  readonly version: number;
  /**
   * `migrations[v]` turns the params of a node saved with version v into those of version v + 1 (rename a
   * param, change its meaning). A block at version n has an entry for every v from 1 to n − 1; nodes saved with
   * an older version load through them (graph-schema/migrate-blocks.ts).
   */
  readonly migrations?: Readonly<Record<number, (params: Readonly<Record<string, unknown>>) => Record<string, unknown>>>;
  readonly title: string;
  readonly category: Category;
  /** One line for the palette tooltip. */
  readonly summary: string;
  /** One paragraph for the inspector, in our own words. */
  readonly doc: string;
  /**
   * `input` blocks feed the model from outside (text, audio); `output` blocks name a model output;
   * `subgraph-input`/`-output` mark a subgraph's interface and pass their tensor through.
   */
  readonly role?: 'input' | 'output' | 'subgraph-input' | 'subgraph-output';
  /** For input blocks: what a user feeds them (text through the block's tokenizer, or a WAV file). */
  readonly accepts?: 'text' | 'audio';
  readonly inputs: readonly PortSpec[];
  readonly outputs: readonly PortSpec[];
  readonly params: P;
  /** Learned tensors this block owns, given its params. */
  readonly weights?: (params: ParamValues<P>) => readonly WeightSpec[];
  /**
   * The longest sequence the block accepts: axis `axis` of input `port` may be at most `params[param]`
   * (positional tables). Validation warns when a token input's context is longer; a run longer than it
   * is rejected with a message naming the param.
   */
  readonly sequenceLimit?: { readonly param: string; readonly port: string; readonly axis: number };
  /** Extra validation after unification (e.g. heads must divide d_model). */
  readonly check?: (ctx: ShapeContext<P>) => readonly BlockIssue[];
  /**
   * Custom shape rule, for outputs that declared patterns cannot express. By default each output
   * is its declared pattern with the input bindings substituted.
   */
  readonly shape?: (ctx: ShapeContext<P>) => Readonly<Record<string, TensorType>> | BlockIssue;
  /** Builds the block from primitive ops; returns a value for every output port. */
  readonly lower: (b: Builder, ctx: LowerContext<P>) => Readonly<Record<string, Value>>;
  /** Names passed to `b.expose`, so the UI can list them before a run. */
  readonly intermediates?: readonly string[];
  /**
   * Params with a meaning outside the block, so the engine and the editor never read a param by name
   * (param-roles.ts reads them). A tokenizer is found by its param kind instead.
   */
  readonly roles?: ParamRoles<P>;
  /**
   * What the block's output features stand for, so a dense layer reading them can be filled by counting a
   * corpus (`formwork fit`): a one-hot of the current `token`, of the (previous, current) `token-pair`, of the
   * (earlier, current) `skip-pair`s; `kept`: its input's features, rescaled (a feature mask passes them on).
   */
  readonly features?: 'token' | 'token-pair' | 'skip-pair' | 'kept';
}

/** The params of a block that other parts of Formwork act on, by what they mean. */
export interface ParamRoles<P extends ParamSpecs = ParamSpecs> {
  /** An input block's int param: the longest sequence the model is meant for (cost estimates, training windows). */
  readonly context?: keyof P & string;
  /** An interface block's string param naming the subgraph port it stands for (empty: the node id). */
  readonly portName?: keyof P & string;
  /** An int param that must equal the vocabulary size of the token ids feeding the block. */
  readonly vocabulary?: keyof P & string;
  /** A dense layer's int param: its number of output features (a fitted counting table resizes it). */
  readonly outputs?: keyof P & string;
  /** A dense layer's bool param switching its bias on. */
  readonly bias?: keyof P & string;
}

/** A block definition with its param types erased, as stored in a catalogue. */
export type AnyBlock = BlockDefinition<ParamSpecs>;

/** Declares a block. Typing only: the definition is returned as is. */
export function defineBlock<const P extends ParamSpecs>(def: BlockDefinition<P>): AnyBlock {
  return def as unknown as AnyBlock;
}
