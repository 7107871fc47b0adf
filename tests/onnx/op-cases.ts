/**
 * One-op models for the exporter tests: every successful case of the op test table (tests/kernels/cases.ts)
 * with its operands fed as graph inputs, plus the cases below, which place operands as weights or
 * constants or give them symbolic shapes (what the exporter must handle besides plain inputs).
 */
import type { Shape } from '../../graph-schema/dims.ts';
import type { PrimAttrs, PrimOp } from '../../graph-schema/primitives.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { float32, int64 } from '../../graph-schema/tensor.ts';
import type { Plan } from '../../engine/compile/plan.ts';
import { TestPlan, bool } from './helpers.ts';
import { CASES, type KernelCase } from '../kernels/cases.ts';

/** How a case input enters the graph: fed at run time, or stored in the model. */
export interface CaseInput {
  readonly tensor: Tensor;
  readonly as?: 'input' | 'weight' | 'constant';
  /** Declared (possibly symbolic) shape of a graph input; defaults to the tensor's shape. */
  readonly shape?: Shape;
}

export interface OpCase<K extends PrimOp> {
  readonly label: string;
  readonly attrs: PrimAttrs[K];
  readonly inputs: readonly CaseInput[];
  readonly expected: Tensor;
}

const f = (shape: number[], values: number[]): CaseInput => ({ tensor: float32(shape, values) });
const i64 = (shape: number[], values: number[]): CaseInput => ({ tensor: int64(shape, values) });
const none = {} as Record<string, never>;
const LN3 = Math.log(3);
const x23 = f([2, 3], [1, 2, 3, 4, 5, 6]);
const x33 = f([3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);

/** Every primitive op with at least one case. */
export const OP_CASES: { readonly [K in PrimOp]?: readonly OpCase<K>[] } = {
  MatMul: [
    { label: '2d', attrs: none, inputs: [x23, f([3, 2], [1, 0, 0, 1, 1, 1])], expected: float32([2, 2], [4, 5, 10, 11]) },
    {
      label: 'batched, weight operand, symbolic batch', attrs: none,
      inputs: [{ tensor: float32([2, 1, 2], [1, 2, 3, 4]), shape: ['B', 1, 2] }, { tensor: float32([2, 1], [1, 1]), as: 'weight' }],
      expected: float32([2, 1, 1], [3, 7]),
    },
  ],
  Add: [{ label: 'broadcast constant row', attrs: none, inputs: [f([2, 2], [1, 2, 3, 4]), { tensor: float32([2], [10, 20]), as: 'constant' }], expected: float32([2, 2], [11, 22, 13, 24]) }],
  Sub: [{ label: 'scalar', attrs: none, inputs: [f([3], [5, 6, 7]), f([], [2])], expected: float32([3], [3, 4, 5]) }],
  Mul: [{ label: 'outer broadcast', attrs: none, inputs: [f([2, 1], [1, 2]), f([1, 3], [1, 2, 3])], expected: float32([2, 3], [1, 2, 3, 2, 4, 6]) }],
  Div: [{ label: 'elementwise', attrs: none, inputs: [f([4], [1, 2, 3, -4]), f([4], [2, 4, 0.5, 8])], expected: float32([4], [0.5, 0.5, 6, -0.5]) }],
  Relu: [{ label: 'mixed signs', attrs: none, inputs: [f([4], [-1, 0, 2, -0.5])], expected: float32([4], [0, 0, 2, 0]) }],
  Exp: [{ label: 'values', attrs: none, inputs: [f([3], [0, 1, -1])], expected: float32([3], [1, Math.E, 1 / Math.E]) }],
  Sqrt: [{ label: 'values', attrs: none, inputs: [f([3], [4, 2, 0.25])], expected: float32([3], [2, Math.SQRT2, 0.5]) }],
  Erf: [{ label: 'values', attrs: none, inputs: [f([3], [0, 0.5, -1])], expected: float32([3], [0, 0.5204998778130465, -0.8427007929497149]) }],
  Tanh: [{ label: 'values', attrs: none, inputs: [f([3], [0, 0.5, -2])], expected: float32([3], [0, 0.46211715726000974, -0.9640275800758169]) }],
  Sigmoid: [{ label: 'values', attrs: none, inputs: [f([3], [0, 1, -2])], expected: float32([3], [0.5, 0.7310585786300049, 0.11920292202211755]) }],
  Identity: [
    { label: 'float32', attrs: none, inputs: [f([2], [1.5, -2])], expected: float32([2], [1.5, -2]) },
    { label: 'int64', attrs: none, inputs: [i64([3], [1, -2, 2147483647])], expected: int64([3], [1, -2, 2147483647]) },
  ],
  Softmax: [
    { label: 'last axis', attrs: { axis: -1 }, inputs: [f([2, 2], [0, 0, 0, LN3])], expected: float32([2, 2], [0.5, 0.5, 0.25, 0.75]) },
    { label: 'axis 0', attrs: { axis: 0 }, inputs: [f([2, 1], [0, LN3])], expected: float32([2, 1], [0.25, 0.75]) },
  ],
  ReduceMean: [
    { label: 'axis 1 keepdims', attrs: { axes: [1], keepdims: true }, inputs: [x23], expected: float32([2, 1], [2, 5]) },
    { label: 'all axes (empty list)', attrs: { axes: [], keepdims: false }, inputs: [x23], expected: float32([], [3.5]) },
  ],
  ReduceSum: [
    { label: 'axis 0', attrs: { axes: [0], keepdims: false }, inputs: [x23], expected: float32([3], [5, 7, 9]) },
    { label: 'axis -1 keepdims', attrs: { axes: [-1], keepdims: true }, inputs: [x23], expected: float32([2, 1], [6, 15]) },
  ],
  ReduceMax: [{ label: 'last axis', attrs: { axes: [-1], keepdims: false }, inputs: [f([2, 3], [1, 5, 3, -1, -2, -3])], expected: float32([2], [5, -1]) }],
  Transpose: [
    { label: '2d', attrs: { perm: [1, 0] }, inputs: [x23], expected: float32([3, 2], [1, 4, 2, 5, 3, 6]) },
    { label: '3d rotate', attrs: { perm: [2, 0, 1] }, inputs: [f([2, 1, 2], [1, 2, 3, 4])], expected: float32([2, 2, 1], [1, 3, 2, 4]) },
  ],
  Reshape: [
    { label: '0 copies, -1 infers', attrs: { shape: [0, -1] }, inputs: [f([2, 1, 3], [1, 2, 3, 4, 5, 6])], expected: float32([2, 3], [1, 2, 3, 4, 5, 6]) },
    { label: 'explicit', attrs: { shape: [3, 2] }, inputs: [x23], expected: float32([3, 2], [1, 2, 3, 4, 5, 6]) },
  ],
  Unsqueeze: [{ label: 'front and back', attrs: { axes: [0, -1] }, inputs: [f([2], [7, 8])], expected: float32([1, 2, 1], [7, 8]) }],
  Concat: [{ label: 'axis 1', attrs: { axis: 1 }, inputs: [f([2, 1], [1, 2]), f([2, 2], [3, 4, 5, 6])], expected: float32([2, 3], [1, 3, 4, 2, 5, 6]) }],
  Gather: [
    { label: 'rows', attrs: { axis: 0 }, inputs: [f([3, 2], [1, 2, 3, 4, 5, 6]), i64([2], [2, 0])], expected: float32([2, 2], [5, 6, 1, 2]) },
    { label: 'axis 1, 2-d indices', attrs: { axis: 1 }, inputs: [x23, i64([2, 1], [1, 0])], expected: float32([2, 2, 1], [2, 1, 5, 4]) },
  ],
  OneHot: [{ label: 'depth 3', attrs: { depth: 3 }, inputs: [i64([2], [2, 0])], expected: float32([2, 3], [0, 0, 1, 1, 0, 0]) }],
  Slice: [
    { label: 'one axis', attrs: { axes: [1] }, inputs: [f([2, 4], [1, 2, 3, 4, 5, 6, 7, 8]), i64([1], [1]), i64([1], [3])], expected: float32([2, 2], [2, 3, 6, 7]) },
    { label: 'negative start, clamped end', attrs: { axes: [0, 1] }, inputs: [f([2, 4], [1, 2, 3, 4, 5, 6, 7, 8]), i64([2], [0, -2]), i64([2], [1, 100])], expected: float32([1, 2], [3, 4]) },
  ],
  Shape: [
    { label: 'whole, symbolic input', attrs: { start: 0 }, inputs: [{ tensor: float32([2, 3, 4], new Array(24).fill(0)), shape: ['B', 'T', 4] }], expected: int64([3], [2, 3, 4]) },
    { label: 'start 1, end -1', attrs: { start: 1, end: -1 }, inputs: [{ tensor: float32([2, 3, 4], new Array(24).fill(0)) }], expected: int64([1], [3]) },
  ],
  ConstantOfShape: [{ label: 'fill 1.5', attrs: { value: 1.5 }, inputs: [i64([2], [2, 3])], expected: float32([2, 3], [1.5, 1.5, 1.5, 1.5, 1.5, 1.5]) }],
  Trilu: [
    { label: 'upper k 0', attrs: { upper: true, k: 0 }, inputs: [x33], expected: float32([3, 3], [1, 2, 3, 0, 5, 6, 0, 0, 9]) },
    { label: 'upper k 1', attrs: { upper: true, k: 1 }, inputs: [x33], expected: float32([3, 3], [0, 2, 3, 0, 0, 6, 0, 0, 0]) },
    { label: 'lower k 0', attrs: { upper: false, k: 0 }, inputs: [x33], expected: float32([3, 3], [1, 0, 0, 4, 5, 0, 7, 8, 9]) },
    { label: 'lower k -1', attrs: { upper: false, k: -1 }, inputs: [x33], expected: float32([3, 3], [0, 0, 0, 4, 0, 0, 7, 8, 0]) },
  ],
  ArgMax: [
    { label: 'last axis, tie takes first', attrs: { axis: -1, keepdims: false }, inputs: [f([2, 3], [1, 5, 3, 7, 7, 2])], expected: int64([2], [1, 0]) },
    { label: 'axis 0 keepdims', attrs: { axis: 0, keepdims: true }, inputs: [f([2, 3], [1, 5, 3, 7, 7, 2])], expected: int64([1, 3], [1, 1, 0]) },
  ],
  Cast: [
    { label: 'float → int64 truncates', attrs: { to: 'int64' }, inputs: [f([3], [1.7, -1.7, 3])], expected: int64([3], [1, -1, 3]) },
    { label: 'float → bool', attrs: { to: 'bool' }, inputs: [f([3], [0, 2, -0.5])], expected: bool([3], [0, 1, 1]) },
    { label: 'int64 → float', attrs: { to: 'float32' }, inputs: [i64([2], [3, -4])], expected: float32([2], [3, -4]) },
    { label: 'bool → float', attrs: { to: 'float32' }, inputs: [{ tensor: bool([2], [1, 0]) }], expected: float32([2], [1, 0]) },
  ],
  Equal: [
    { label: 'float', attrs: none, inputs: [f([3], [1, 2, 3]), f([3], [1, 0, 3])], expected: bool([3], [1, 0, 1]) },
    { label: 'int64 broadcast', attrs: none, inputs: [i64([2], [4, 5]), i64([], [5])], expected: bool([2], [0, 1]) },
  ],
  Where: [{ label: 'scalar else', attrs: none, inputs: [{ tensor: bool([3], [1, 0, 1]) }, f([3], [1, 2, 3]), f([], [-1])], expected: float32([3], [1, -1, 3]) }],
  // Fused ops (engine/fast). Expected values from Python's math.erf / float64 arithmetic.
  Gelu: [{ label: 'values', attrs: none, inputs: [f([4], [0, 1, -1, 2.5])], expected: float32([4], [0, 0.8413447460685429, -0.15865525393145707, 2.4844758366855597]) }],
  LayerNormalization: [
    {
      label: 'rows, weight gain and shift', attrs: { epsilon: 1e-5 },
      inputs: [f([2, 3], [1, 2, 3, 4, 6, 11]), { tensor: float32([3], [1, 2, 0.5]), as: 'weight' }, { tensor: float32([3], [0, 1, -1]), as: 'weight' }],
      expected: float32([2, 3], [-1.2247356859083902, 1, -0.3876321570458049, -1.0190487428175694, 0.32063417145495365, -0.32063417145495365]),
    },
  ],
  MatMulAdd: [
    { label: 'bias row', attrs: none, inputs: [x23, { tensor: float32([3, 2], [1, 0, 0, 1, 1, 1]), as: 'weight' }, { tensor: float32([2], [10, -1]), as: 'weight' }], expected: float32([2, 2], [14, 4, 20, 10]) },
  ],
  MatMulTransposed: [
    { label: 'a · bᵀ', attrs: { perm: [1, 0] }, inputs: [x23, f([2, 3], [1, 0, 1, 0, 1, 0])], expected: float32([2, 2], [4, 2, 10, 5]) },
  ],
  MaskedSoftmax: [
    { label: 'scale and mask', attrs: { scale: 0.5 }, inputs: [x23, { tensor: float32([3], [0, 0, -Infinity]), as: 'constant' }], expected: float32([2, 3], [0.37754066879814546, 0.6224593312018546, 0, 0.37754066879814546, 0.6224593312018546, 0]) },
    { label: 'scale only', attrs: { scale: -1 }, inputs: [f([2, 3], [1, 2, 3, 3, 3, 0])], expected: float32([2, 3], [0.6652409557748218, 0.24472847105479764, 0.09003057317038046, 0.04527850074362907, 0.04527850074362907, 0.9094429985127419]) },
  ],
};

/** One flattened case, with the op it belongs to. */
export interface NamedCase {
  readonly op: PrimOp;
  readonly label: string;
  readonly case: OpCase<PrimOp>;
}

/** The op test table's successful cases of `op` that onnxruntime is expected to reproduce, as one-op cases. */
function tableCases(op: PrimOp): OpCase<PrimOp>[] {
  const cases = (CASES[op] ?? []) as readonly KernelCase<PrimOp>[];
  return cases.flatMap((c) =>
    'throws' in c.expected || c.onnxDiffers !== undefined ? [] : [{ label: c.name, attrs: c.attrs, inputs: c.inputs.map((tensor) => ({ tensor })), expected: c.expected }],
  );
}

/** All cases in PRIM_OPS order, for `it.each`. */
export function allCases(ops: readonly PrimOp[]): NamedCase[] {
  return ops.flatMap((op) =>
    [...tableCases(op), ...((OP_CASES[op] ?? []) as readonly OpCase<PrimOp>[])].map((c) => ({ op, label: `${op}: ${c.label}`, case: c })),
  );
}

/**
 * A one-op plan for a case: run-time inputs are graph inputs `x0`, `x1`, …; the output is `y`, on node `ops`.
 * Returns the feeds to run it with.
 */
export function opCasePlan(op: PrimOp, c: OpCase<PrimOp>): { plan: Plan; feeds: Record<string, Tensor> } {
  const b = new TestPlan();
  const feeds: Record<string, Tensor> = {};
  const ids = c.inputs.map((input, i) => {
    if (input.as === 'weight') return b.weight(`ops.w${i}`, input.tensor);
    if (input.as === 'constant') return b.constant(input.tensor);
    feeds[`x${i}`] = input.tensor;
    return b.input(`x${i}`, input.tensor.dtype, input.shape ?? input.tensor.shape);
  });
  const y = b.step(op, c.attrs, ids, c.expected.dtype, 'ops');
  b.output('y', y, c.expected.shape);
  return { plan: b.build(), feeds };
}
