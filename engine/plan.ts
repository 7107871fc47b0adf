/**
 * The compiled plan: plain data produced by `compile()` and read by the interpreter, the ONNX
 * exporter, the cost model and the editor's debug views. Values are numbered; every step is tagged
 * with the Formwork node (path) it came from.
 */
import type { Shape } from '../graph-schema/dims.ts';
import type { PrimAttrs, PrimOp } from '../graph-schema/primitives.ts';
import type { DType, Tensor } from '../graph-schema/tensor.ts';

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

export interface PlanIO {
  readonly name: string;
  readonly value: number;
  readonly dtype: DType;
  /** Symbolic shape, e.g. `['B', 'T']`. */
  readonly shape: Shape;
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
}
