/**
 * The compiled plan: plain data produced by `compile()` and read by the interpreter, the ONNX
 * exporter, the cost model and the editor's debug views. Values are numbered; every step is tagged
 * with the Formwork node (path) it came from.
 */
import type { Shape } from '../../graph-schema/dims.ts';
import type { PrimAttrs, PrimOp } from '../../graph-schema/primitives.ts';
import type { DType, Tensor } from '../../graph-schema/tensor.ts';

/** One primitive op application. */
export type PlanStep = {
  [K in PrimOp]: {
    readonly op: K;
    readonly attrs: PrimAttrs[K];
    /** Value ids of the inputs, in the op's input order. */
    readonly inputs: readonly number[];
    /** Value id of the single output. */
    readonly output: number;
    /** Path of the Formwork node this step belongs to (`layers.1.attn`). */
    readonly node: string;
  };
}[PrimOp];

/** Where a value comes from, besides being the output of a step. */
export type ValueSource =
  | { readonly kind: 'step' }
  | { readonly kind: 'input'; readonly name: string }
  | { readonly kind: 'weight'; readonly name: string }
  | { readonly kind: 'constant'; readonly index: number };

export interface PlanValue {
  readonly id: number;
  readonly dtype: DType;
  readonly source: ValueSource;
}

/** One block instance, at the granularity the user steps through. */
export interface PlanBlock {
  /** Full node path, e.g. `layers.0.attn`. */
  readonly node: string;
  /** Block id, e.g. `MultiHeadAttention`. */
  readonly block: string;
  /** Top-level document node this block belongs to (the instance node for subgraph contents). */
  readonly topNode: string;
  /** Half-open range into `plan.steps`. */
  readonly steps: readonly [number, number];
  readonly inputs: Readonly<Record<string, number>>;
  readonly outputs: Readonly<Record<string, number>>;
  /** Inferred (symbolic) shapes of the outputs. */
  readonly outputShapes: Readonly<Record<string, Shape>>;
  /** Named intermediates exposed by the block's lowering (`scores`, `pattern`). */
  readonly intermediates: Readonly<Record<string, number>>;
  /** Stable names of the weights this block reads. */
  readonly weights: readonly string[];
}

/**
 * What a graph input or output is for in a decoding plan (`compile(…, { incremental: true })`):
 * `cache` — a block's keys or values of the positions processed by earlier calls (`<node>.<name>.past`,
 * P positions, may be empty) or of all positions so far (`<node>.<name>.present`, P+T positions);
 * `position` — int64 [1], the number P of positions processed by earlier calls.
 */
export type PlanIORole = 'cache' | 'position';

export interface PlanIO {
  readonly name: string;
  readonly value: number;
  readonly dtype: DType;
  /** Symbolic shape, e.g. `['B', 'T']`; caches use `P` for past positions and `P+T` for all so far. */
  readonly shape: Shape;
  /** Absent for ordinary model inputs and outputs. */
  readonly role?: PlanIORole;
  /** For a `.present` cache output: the `.past` input it becomes on the next call. */
  readonly carriedTo?: string;
}

export interface Plan {
  readonly values: readonly PlanValue[];
  readonly steps: readonly PlanStep[];
  readonly blocks: readonly PlanBlock[];
  readonly inputs: readonly PlanIO[];
  readonly outputs: readonly PlanIO[];
  /** Weights by stable name, materialised (explicit, loaded or seeded init). */
  readonly weights: ReadonlyMap<string, { readonly value: number; readonly tensor: Tensor }>;
  /** Constant tensors (positional tables, reshape targets …), indexed by `ValueSource.index`. */
  readonly constants: readonly Tensor[];
  /**
   * A decoding plan: each call processes the T newest positions of the sequence axis T, given the
   * `cache` and `position` inputs left by earlier calls (see {@link PlanIORole}).
   */
  readonly incremental?: boolean;
  /** Weights have shapes but no data (`compile(…, { shapesOnly: true })`): for typing and costing, never run. */
  readonly shapesOnly?: boolean;
}

/** The name of the graph input holding P, the number of positions processed by earlier calls. */
export const POSITION_INPUT = 'cache.offset';
